//! The report's colours, in one place: the sparklines are drawn with them and the template
//! receives them in `/data.json`, so a chart and the icon beside it always agree. Every
//! meaning is also carried by a shape or a letter, so nothing rests on colour alone.

use serde::Serialize;

/// A colour as red, green and blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

impl Serialize for Rgb {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.hex())
    }
}

/// Okabe–Ito blue: improving arrows and Making Data Count improvement.
pub const IMPROVING: Rgb = Rgb(0x00, 0x72, 0xb2);
/// Okabe–Ito vermilion: worsening arrows.
pub const WORSENING: Rgb = Rgb(0xd5, 0x5e, 0x00);
/// Dark grey: text of lesser weight, arrows with no preferred direction.
pub const NEUTRAL: Rgb = Rgb(0x4d, 0x4d, 0x4d);
/// Table rules.
pub const RULE: Rgb = Rgb(0xb3, 0xb3, 0xb3);
/// The section label band.
pub const BAND: Rgb = Rgb(0xf2, 0xf2, 0xf2);
/// Making Data Count concern (orange).
pub const CONCERN: Rgb = Rgb(0xe6, 0x7e, 0x00);
/// Making Data Count special cause with no preferred direction (purple).
pub const NEITHER: Rgb = Rgb(0x6a, 0x3d, 0x9a);
/// Making Data Count common cause (grey).
pub const COMMON: Rgb = Rgb(0x7f, 0x7f, 0x7f);
/// Chart ink: the line and axis.
pub const INK: Rgb = Rgb(0x33, 0x33, 0x33);
/// The SPC process-limit band on charts.
pub const LIMIT_BAND: Rgb = Rgb(0xe4, 0xe8, 0xee);
/// The SPC mean line on charts.
pub const MEAN: Rgb = Rgb(0x9a, 0xa3, 0xad);
/// Target lines.
pub const TARGET: Rgb = Rgb(0xb0, 0x3a, 0x2e);
/// RAG green (Okabe–Ito bluish green); every RAG mark also has its own shape and letter.
pub const RAG_GREEN: Rgb = Rgb(0x00, 0x9e, 0x73);
/// RAG amber (Okabe–Ito orange).
pub const RAG_AMBER: Rgb = Rgb(0xe6, 0x9f, 0x00);
/// RAG red (Okabe–Ito vermilion).
pub const RAG_RED: Rgb = Rgb(0xd5, 0x5e, 0x00);

/// The colours the template receives as `palette` in `/data.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Palette {
    /// Improving arrows.
    pub improving: Rgb,
    /// Worsening arrows.
    pub worsening: Rgb,
    /// Neutral arrows and secondary text.
    pub neutral: Rgb,
    /// Table rules.
    pub rule: Rgb,
    /// Section label band.
    pub band: Rgb,
    /// SPC improvement.
    pub improvement: Rgb,
    /// SPC concern.
    pub concern: Rgb,
    /// SPC neither.
    pub neither: Rgb,
    /// SPC common cause.
    pub common: Rgb,
    /// Target lines.
    pub target: Rgb,
    /// RAG green.
    pub green: Rgb,
    /// RAG amber.
    pub amber: Rgb,
    /// RAG red.
    pub red: Rgb,
}

/// The palette every report uses.
pub fn palette() -> Palette {
    Palette {
        improving: IMPROVING,
        worsening: WORSENING,
        neutral: NEUTRAL,
        rule: RULE,
        band: BAND,
        improvement: IMPROVING,
        concern: CONCERN,
        neither: NEITHER,
        common: COMMON,
        target: TARGET,
        green: RAG_GREEN,
        amber: RAG_AMBER,
        red: RAG_RED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_print_as_hex() {
        assert_eq!(IMPROVING.hex(), "#0072b2");
        assert_eq!(serde_json::to_string(&CONCERN).unwrap(), "\"#e67e00\"");
    }
}
