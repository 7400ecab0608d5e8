//! The icons a scorecard cell can carry, drawn once as small SVG files: the direction
//! arrows (filled triangle improving, hollow worsening, thin arrow when neither direction
//! is better, diamond steady), the Making Data Count variation and assurance circles with
//! a drawn letter, and the RAG marks (circle G, triangle A, square R). Every meaning is
//! carried by a shape or a letter as well as a colour, so the icons read in grey print.
//! Each edition places an icon by its [`Icon`] value and looks its drawing up by name
//! ([`Icon::id`], [`Icon::svg`]); where an edition keeps an icon (the Typst edition's
//! `/icon/<id>.svg`) is that edition's own, added to the serialised icon only while it
//! serialises ([`with_locations`]), so the view names icons and holds no edition's paths.

use std::cell::Cell;

use serde::ser::SerializeStruct;
use serde::Serialize;

use crate::figures::{Arrow, Judgement, Rag};
use crate::palette::{self, Rgb};
use crate::spc::{Assurance, Variation};

/// An icon: what it stands for, and so how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    /// A direction arrow and whether the movement is good news.
    Arrow(Arrow, Judgement),
    /// The SPC variation icon (never [`Variation::None`], which has no icon).
    Variation(Variation),
    /// The SPC assurance icon (never [`Assurance::None`], which has no icon).
    Assurance(Assurance),
    /// A RAG mark.
    Rag(Rag),
}

/// The families of icons, which an edition may size differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IconKind {
    /// A direction arrow.
    Arrow,
    /// An SPC variation or assurance circle.
    Spc,
    /// A RAG mark.
    Rag,
}

const ARROWS: [Arrow; 3] = [Arrow::Up, Arrow::Down, Arrow::Steady];
const JUDGEMENTS: [Judgement; 3] = [
    Judgement::Improving,
    Judgement::Worsening,
    Judgement::Neutral,
];
const VARIATIONS: [Variation; 7] = [
    Variation::Common,
    Variation::ImprovementHigh,
    Variation::ImprovementLow,
    Variation::ConcernHigh,
    Variation::ConcernLow,
    Variation::NeitherHigh,
    Variation::NeitherLow,
];
const ASSURANCES: [Assurance; 3] = [Assurance::Pass, Assurance::Fail, Assurance::HitOrMiss];
const RAGS: [Rag; 3] = [Rag::Green, Rag::Amber, Rag::Red];

/// Letters drawn as strokes, so icons need no font.
const H: &str = "M6.5 5.5 V14.5 M13.5 5.5 V14.5 M6.5 10 H13.5";
const L: &str = "M7 5.5 V14.5 H13.5";
const P: &str = "M7 14.5 V5.5 H11 A2.5 2.5 0 0 1 11 10.5 H7";
const F: &str = "M7 14.5 V5.5 H13.5 M7 10 H12";
const Q: &str = "M7.2 7.6 A2.9 2.9 0 1 1 10 10.6 V12 M10 14.6 V14.8";
const C: &str = "M5.5 10 H14.5";

impl Icon {
    /// Every icon there is, each once, in a fixed order.
    pub fn all() -> Vec<Icon> {
        let arrows = ARROWS
            .iter()
            .flat_map(|a| JUDGEMENTS.iter().map(|j| Icon::Arrow(*a, *j)));
        arrows
            .chain(VARIATIONS.iter().map(|v| Icon::Variation(*v)))
            .chain(ASSURANCES.iter().map(|a| Icon::Assurance(*a)))
            .chain(RAGS.iter().map(|r| Icon::Rag(*r)))
            .collect()
    }

    /// The icon for a row's SPC variation, if it has one.
    pub fn for_variation(variation: Variation) -> Option<Icon> {
        (variation != Variation::None).then_some(Icon::Variation(variation))
    }

    /// The icon for a row's SPC assurance, if it has one.
    pub fn for_assurance(assurance: Assurance) -> Option<Icon> {
        (assurance != Assurance::None).then_some(Icon::Assurance(assurance))
    }

    /// Its family.
    pub fn kind(self) -> IconKind {
        match self {
            Icon::Arrow(..) => IconKind::Arrow,
            Icon::Variation(_) | Icon::Assurance(_) => IconKind::Spc,
            Icon::Rag(_) => IconKind::Rag,
        }
    }

    /// A stable name, e.g. `arrow-up-improving`, `variation-concern-high`, `rag-red`.
    pub fn id(self) -> String {
        match self {
            Icon::Arrow(a, j) => format!("arrow-{}-{}", a.name(), j.name()),
            Icon::Variation(v) => format!("variation-{}", v.name()),
            Icon::Assurance(a) => format!("assurance-{}", a.name()),
            Icon::Rag(r) => format!("rag-{}", r.name()),
        }
    }

    /// The drawing: a 20×20 SVG document.
    pub fn svg(self) -> String {
        let body = match self {
            Icon::Arrow(arrow, judgement) => arrow_body(arrow, judgement),
            Icon::Variation(v) => {
                let (colour, letter) = match v {
                    Variation::ImprovementHigh => (palette::IMPROVING, H),
                    Variation::ImprovementLow => (palette::IMPROVING, L),
                    Variation::ConcernHigh => (palette::CONCERN, H),
                    Variation::ConcernLow => (palette::CONCERN, L),
                    Variation::NeitherHigh => (palette::NEITHER, H),
                    Variation::NeitherLow => (palette::NEITHER, L),
                    Variation::Common | Variation::None => (palette::COMMON, C),
                };
                lettered("<circle cx='10' cy='10' r='8.6'", colour, letter)
            }
            Icon::Assurance(a) => {
                let (colour, letter) = match a {
                    Assurance::Pass => (palette::IMPROVING, P),
                    Assurance::Fail => (palette::CONCERN, F),
                    Assurance::HitOrMiss | Assurance::None => (palette::COMMON, Q),
                };
                lettered("<circle cx='10' cy='10' r='8.6'", colour, letter)
            }
            Icon::Rag(rag) => {
                let (shape, colour, letter) = match rag {
                    Rag::Green => (
                        "<circle cx='10' cy='10' r='8.6'",
                        palette::RAG_GREEN,
                        "M13 7.2 A3.6 3.6 0 1 0 13 12.8 V10.4 H10.6",
                    ),
                    Rag::Amber => (
                        "<path d='M10 1.2 L19 18.2 L1 18.2 Z'",
                        palette::RAG_AMBER,
                        "M7.3 14 L10 6.8 L12.7 14 M8.3 11.6 H11.7",
                    ),
                    Rag::Red => (
                        "<rect x='1.6' y='1.6' width='16.8' height='16.8'",
                        palette::RAG_RED,
                        "M7.6 14 V6.4 H10.8 A2 2 0 0 1 10.8 10.4 H7.6 M10.4 10.4 L12.8 14",
                    ),
                };
                lettered(shape, colour, letter)
            }
        };
        format!(
            "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 20 20' width='20' height='20'>{body}</svg>"
        )
    }
}

/// An outlined shape with a letter drawn inside, both in `colour`.
fn lettered(shape: &str, colour: Rgb, letter: &str) -> String {
    let c = colour.hex();
    format!(
        "{shape} fill='white' stroke='{c}' stroke-width='2.2'/><path d='{letter}' fill='none' stroke='{c}' stroke-width='2' stroke-linecap='round' stroke-linejoin='round'/>"
    )
}

fn arrow_body(arrow: Arrow, judgement: Judgement) -> String {
    let c = match judgement {
        Judgement::Improving => palette::IMPROVING,
        Judgement::Worsening => palette::WORSENING,
        Judgement::Neutral => palette::NEUTRAL,
    }
    .hex();
    let up = arrow == Arrow::Up;
    match (arrow, judgement) {
        (Arrow::Steady, _) => format!("<path d='M2 10 L10 3 L18 10 L10 17 Z' fill='{c}'/>"),
        (_, Judgement::Neutral) => {
            let d = if up {
                "M10 2 L10 18 M4 8 L10 2 L16 8"
            } else {
                "M10 18 L10 2 M4 12 L10 18 L16 12"
            };
            format!("<path d='{d}' fill='none' stroke='{c}' stroke-width='3' stroke-linecap='round' stroke-linejoin='round'/>")
        }
        (_, judgement) => {
            let d = if up {
                "M10 2 L18.5 17 L1.5 17 Z"
            } else {
                "M10 18 L18.5 3 L1.5 3 Z"
            };
            if judgement == Judgement::Improving {
                format!("<path d='{d}' fill='{c}'/>")
            } else {
                format!("<path d='{d}' fill='white' stroke='{c}' stroke-width='2.6' stroke-linejoin='round'/>")
            }
        }
    }
}

/// The names of what an icon stands for, as the view serialises them.
trait Name {
    fn name(self) -> &'static str;
}

impl Name for Arrow {
    fn name(self) -> &'static str {
        match self {
            Arrow::Up => "up",
            Arrow::Down => "down",
            Arrow::Steady => "steady",
        }
    }
}

impl Name for Judgement {
    fn name(self) -> &'static str {
        match self {
            Judgement::Improving => "improving",
            Judgement::Worsening => "worsening",
            Judgement::Neutral => "neutral",
        }
    }
}

impl Name for Variation {
    fn name(self) -> &'static str {
        match self {
            Variation::None => "none",
            Variation::Common => "common",
            Variation::ImprovementHigh => "improvement-high",
            Variation::ImprovementLow => "improvement-low",
            Variation::ConcernHigh => "concern-high",
            Variation::ConcernLow => "concern-low",
            Variation::NeitherHigh => "neither-high",
            Variation::NeitherLow => "neither-low",
        }
    }
}

impl Name for Assurance {
    fn name(self) -> &'static str {
        match self {
            Assurance::None => "none",
            Assurance::Pass => "pass",
            Assurance::Fail => "fail",
            Assurance::HitOrMiss => "hit-or-miss",
        }
    }
}

impl Name for Rag {
    fn name(self) -> &'static str {
        match self {
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
        }
    }
}

/// How an edition that keeps icons as files says where: an icon's path.
type Locate = fn(Icon) -> String;

thread_local! {
    /// Where the edition now serialising keeps each icon, if it keeps them as files.
    static LOCATE: Cell<Option<Locate>> = const { Cell::new(None) };
}

/// Runs `serialise` with every icon serialised as `{id, kind, path}`, `path` being
/// `locate(icon)`: for an edition whose reader finds each icon by a path of that
/// edition's own (the Typst template's `image(icon.path)`). Only on this thread, and only
/// until `serialise` returns (or panics).
pub fn with_locations<R>(locate: Locate, serialise: impl FnOnce() -> R) -> R {
    /// Puts back what was in force before, even when `serialise` panics.
    struct Restore(Option<Locate>);
    impl Drop for Restore {
        fn drop(&mut self) {
            LOCATE.with(|l| l.set(self.0));
        }
    }
    let _restore = Restore(LOCATE.with(|l| l.replace(Some(locate))));
    serialise()
}

/// An icon travels by name, as `{id, kind}`; inside [`with_locations`], as
/// `{id, kind, path}`.
impl Serialize for Icon {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let locate = LOCATE.with(Cell::get);
        let mut s = serializer.serialize_struct("Icon", 2 + usize::from(locate.is_some()))?;
        s.serialize_field("id", &self.id())?;
        s.serialize_field("kind", &self.kind())?;
        if let Some(locate) = locate {
            s.serialize_field("path", &locate(*self))?;
        }
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_has_its_own_name_and_drawing() {
        let all = Icon::all();
        assert_eq!(all.len(), 22);
        let ids: std::collections::BTreeSet<String> = all.iter().map(|i| i.id()).collect();
        let svgs: std::collections::BTreeSet<String> = all.iter().map(|i| i.svg()).collect();
        assert_eq!(ids.len(), all.len());
        assert_eq!(svgs.len(), all.len(), "no two icons look the same");
        assert_eq!(Icon::for_variation(Variation::None), None);
        // Each icon is named as the view names what it stands for.
        for icon in all {
            let (prefix, values) = match icon {
                Icon::Arrow(a, j) => (
                    "arrow",
                    vec![serde_json::to_value(a), serde_json::to_value(j)],
                ),
                Icon::Variation(v) => ("variation", vec![serde_json::to_value(v)]),
                Icon::Assurance(a) => ("assurance", vec![serde_json::to_value(a)]),
                Icon::Rag(r) => ("rag", vec![serde_json::to_value(r)]),
            };
            let names: Vec<String> = values
                .into_iter()
                .map(|v| v.unwrap().as_str().unwrap().to_string())
                .collect();
            assert_eq!(icon.id(), format!("{prefix}-{}", names.join("-")));
        }
        assert_eq!(Icon::for_assurance(Assurance::None), None);
    }

    #[test]
    fn an_icon_has_a_path_only_while_an_edition_that_keeps_files_serialises() {
        let icon = Icon::Rag(Rag::Red);
        let by_name = r#"{"id":"rag-red","kind":"rag"}"#;
        assert_eq!(serde_json::to_string(&icon).unwrap(), by_name);
        let located = with_locations(
            |i| format!("/icon/{}.svg", i.id()),
            || serde_json::to_string(&icon).unwrap(),
        );
        assert_eq!(
            located,
            r#"{"id":"rag-red","kind":"rag","path":"/icon/rag-red.svg"}"#
        );
        assert_eq!(serde_json::to_string(&icon).unwrap(), by_name, "and after");
    }

    #[test]
    fn worsening_is_hollow_and_improving_filled() {
        let improving = Icon::Arrow(Arrow::Up, Judgement::Improving).svg();
        let worsening = Icon::Arrow(Arrow::Up, Judgement::Worsening).svg();
        assert!(improving.contains(&format!("fill='{}'", palette::IMPROVING.hex())));
        assert!(worsening.contains("fill='white'"), "{worsening}");
    }
}
