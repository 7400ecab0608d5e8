//! Expression formulas such as `100 * (t1-attendances - t1-breaches) / t1-attendances`:
//! the tree, a small recursive-descent parser that says where a mistake is (as a
//! character offset into the text), and evaluation over one month's values.
//!
//! Ids may contain hyphens, so a minus between two ids is written with spaces around it;
//! `a-b` is one id. Names are left unresolved by the parser: whether a name is an
//! indicator or a population is decided by `load`, which knows both.

use crate::value::{is_plausible, Value};

/// An arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `+`
    Add,
    /// `-`
    Subtract,
    /// `*`
    Multiply,
    /// `/`
    Divide,
}

/// One node of an expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number written in the formula.
    Number(f64),
    /// An indicator's value in the same month.
    Indicator(String),
    /// A population from report.yaml.
    Population(String),
    /// A name not yet known to be an indicator or a population, as parsed.
    Name(String),
    /// `-x`.
    Negate(Box<Expr>),
    /// `x op y`.
    Binary(Op, Box<Expr>, Box<Expr>),
}

/// A name in a formula and the character offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct NameSite {
    /// The name as written.
    pub name: String,
    /// Characters from the start of the formula's text.
    pub offset: usize,
}

/// A formula written as an expression: its text and its tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    /// As written in indicators.yaml.
    pub source: String,
    /// The parsed tree.
    pub tree: Expr,
}

impl Expression {
    /// The indicator ids it reads, in the order written, each once.
    pub fn indicators(&self) -> Vec<&str> {
        let mut out = Vec::new();
        collect_indicators(&self.tree, &mut out);
        out
    }

    /// Its value for one month, given each indicator's and population's value.
    pub fn evaluate(&self, value_of: &dyn Fn(&Expr) -> Value) -> Value {
        evaluate(&self.tree, value_of)
    }
}

fn collect_indicators<'a>(expr: &'a Expr, out: &mut Vec<&'a str>) {
    match expr {
        Expr::Indicator(id) if !out.contains(&id.as_str()) => out.push(id),
        Expr::Negate(inner) => collect_indicators(inner, out),
        Expr::Binary(_, left, right) => {
            collect_indicators(left, out);
            collect_indicators(right, out);
        }
        _ => {}
    }
}

/// A withheld input withholds the result, then a missing input leaves no value, then an
/// input that does not apply (or a division by zero) makes the result not apply. A
/// result too large to mean anything does not apply either, so no figure is infinite.
fn evaluate(expr: &Expr, value_of: &dyn Fn(&Expr) -> Value) -> Value {
    match expr {
        Expr::Number(x) => Value::Present(*x),
        Expr::Indicator(_) | Expr::Population(_) | Expr::Name(_) => value_of(expr),
        Expr::Negate(inner) => match evaluate(inner, value_of) {
            Value::Present(x) => Value::Present(-x),
            other => other,
        },
        Expr::Binary(op, left, right) => {
            let (a, b) = (evaluate(left, value_of), evaluate(right, value_of));
            match (a, b) {
                (Value::Suppressed, _) | (_, Value::Suppressed) => Value::Suppressed,
                (Value::Missing, _) | (_, Value::Missing) => Value::Missing,
                (Value::NotApplicable, _) | (_, Value::NotApplicable) => Value::NotApplicable,
                (Value::Present(a), Value::Present(b)) => {
                    let x = match op {
                        Op::Add => a + b,
                        Op::Subtract => a - b,
                        Op::Multiply => a * b,
                        Op::Divide if b == 0.0 => return Value::NotApplicable,
                        Op::Divide => a / b,
                    };
                    if is_plausible(x) {
                        Value::Present(x)
                    } else {
                        Value::NotApplicable
                    }
                }
            }
        }
    }
}

/// A mistake in a formula's text: where (characters from the start), what, and how to
/// mend it.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// Characters from the start of the text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// How to mend it.
    pub hint: &'static str,
}

/// How a formula is written, for hints.
const HOW: &str = "write numbers, indicator ids and population ids joined by + - * / and parentheses, with spaces around a minus between ids, e.g. `100 * (attendances - breaches) / attendances`";

/// Parentheses and signs nested deeper than this are refused rather than risk the stack.
const MAX_DEPTH: usize = 64;

/// A formula of more parts (numbers, names, operators, parentheses) than this is refused:
/// its tree is as deep as it is long, and every walk over it (resolving names, evaluating,
/// dropping it) recurses, so an unbounded one could overflow the stack of `check` or of a
/// render's worker. Real formulas have tens of parts.
pub const MAX_TOKENS: usize = 1000;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Name(String),
    Op(Op),
    Open,
    Close,
}

/// Parses `text`; also returns every name with where it was written.
pub fn parse(text: &str) -> Result<(Expr, Vec<NameSite>), SyntaxError> {
    let tokens = tokenize(text)?;
    if let Some((_, offset)) = tokens.get(MAX_TOKENS) {
        return Err(SyntaxError {
            offset: *offset,
            message: format!(
                "{} parts (numbers, ids, operators and parentheses), where at most {MAX_TOKENS} are allowed,",
                tokens.len()
            ),
            hint: "compute part of it in an indicator of its own (with its own formula) and name that indicator here",
        });
    }
    let mut parser = Parser {
        tokens: &tokens,
        next: 0,
        end: text.chars().count(),
        names: Vec::new(),
    };
    if tokens.is_empty() {
        return Err(SyntaxError {
            offset: 0,
            message: "the formula is empty".into(),
            hint: HOW,
        });
    }
    let tree = parser.sum(0)?;
    if let Some((token, offset)) = tokens.get(parser.next) {
        let message = match token {
            Token::Close => "this `)` closes no `(`".to_string(),
            _ => format!("an operator is missing before {}", describe(token)),
        };
        return Err(SyntaxError {
            offset: *offset,
            message,
            hint: HOW,
        });
    }
    Ok((tree, parser.names))
}

fn describe(token: &Token) -> String {
    match token {
        Token::Number(x) => format!("the number {x}"),
        Token::Name(name) => format!("`{name}`"),
        Token::Op(op) => format!("`{}`", op_char(*op)),
        Token::Open => "`(`".into(),
        Token::Close => "`)`".into(),
    }
}

fn op_char(op: Op) -> char {
    match op {
        Op::Add => '+',
        Op::Subtract => '-',
        Op::Multiply => '*',
        Op::Divide => '/',
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits the text into tokens, each with its character offset.
fn tokenize(text: &str) -> Result<Vec<(Token, usize)>, SyntaxError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let single = match c {
            '+' => Some(Token::Op(Op::Add)),
            '-' | '\u{2212}' => Some(Token::Op(Op::Subtract)),
            '*' | '\u{d7}' => Some(Token::Op(Op::Multiply)),
            '/' | '\u{f7}' => Some(Token::Op(Op::Divide)),
            '(' => Some(Token::Open),
            ')' => Some(Token::Close),
            _ => None,
        };
        if c.is_whitespace() {
            i += 1;
        } else if let Some(token) = single {
            tokens.push((token, i));
            i += 1;
        } else if is_name_char(c) || c == '.' {
            let start = i;
            // A hyphen belongs to a name when a name character follows it: `t1-breaches`.
            // A comma belongs to a number when a digit follows it: `1,000`.
            while i < chars.len() {
                let d = chars[i];
                let next = chars.get(i + 1).copied();
                let joins = match d {
                    '-' => next.is_some_and(is_name_char),
                    ',' => next.is_some_and(|n| n.is_ascii_digit()),
                    _ => is_name_char(d) || d == '.',
                };
                if !joins {
                    break;
                }
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            tokens.push((word_token(&word, start)?, start));
        } else {
            return Err(SyntaxError {
                offset: i,
                message: format!("`{c}` cannot be used in a formula"),
                hint: HOW,
            });
        }
    }
    Ok(tokens)
}

/// True when a formula reads `word` as a number, not as an id: it is all digits, decimal
/// points and thousands commas. An indicator with such an id could never be named.
pub fn reads_as_number(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// A word is a number when it is digits (with one decimal point and thousands commas);
/// otherwise it is a name.
fn word_token(word: &str, offset: usize) -> Result<Token, SyntaxError> {
    if !reads_as_number(word) {
        if word.contains([',', '.']) {
            return Err(SyntaxError {
                offset,
                message: format!("`{word}` is neither a number nor an id"),
                hint: HOW,
            });
        }
        return Ok(Token::Name(word.to_string()));
    }
    let (whole, fraction) = word.split_once('.').unwrap_or((word, ""));
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let number = if grouped && !fraction.contains([',', '.']) {
        word.replace(',', "").parse::<f64>().ok()
    } else {
        None
    };
    match number {
        Some(x) if is_plausible(x) => Ok(Token::Number(x)),
        Some(_) => Err(SyntaxError {
            offset,
            message: format!("`{word}` is too large to mean anything"),
            hint: "numbers in a formula are below 1,000,000,000,000,000 (10^15)",
        }),
        None => Err(SyntaxError {
            offset,
            message: format!("`{word}` is not a number"),
            hint: "write numbers as 100, 1000, 1,000 or 2.5",
        }),
    }
}

struct Parser<'a> {
    tokens: &'a [(Token, usize)],
    next: usize,
    /// Characters in the text, where "the formula ends here" points.
    end: usize,
    names: Vec<NameSite>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next).map(|(t, _)| t)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.next).map_or(self.end, |(_, at)| *at)
    }

    fn too_deep(&self) -> SyntaxError {
        SyntaxError {
            offset: self.offset(),
            message: format!("the formula nests more than {MAX_DEPTH} deep"),
            hint: "write it with fewer parentheses and signs",
        }
    }

    /// `term (('+' | '-') term)*`
    fn sum(&mut self, depth: usize) -> Result<Expr, SyntaxError> {
        let mut left = self.product(depth)?;
        while let Some(Token::Op(op @ (Op::Add | Op::Subtract))) = self.peek().cloned() {
            self.next += 1;
            let right = self.product(depth)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    /// `unary (('*' | '/') unary)*`
    fn product(&mut self, depth: usize) -> Result<Expr, SyntaxError> {
        let mut left = self.unary(depth)?;
        while let Some(Token::Op(op @ (Op::Multiply | Op::Divide))) = self.peek().cloned() {
            self.next += 1;
            let right = self.unary(depth)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    /// `'-' unary | number | name | '(' sum ')'`
    fn unary(&mut self, depth: usize) -> Result<Expr, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.too_deep());
        }
        let at = self.offset();
        let Some(token) = self.peek().cloned() else {
            let after = self
                .tokens
                .last()
                .map_or_else(String::new, |(t, _)| format!(" after {}", describe(t)));
            return Err(SyntaxError {
                offset: self.end,
                message: format!("the formula ends{after}: a number or an id is missing"),
                hint: HOW,
            });
        };
        self.next += 1;
        match token {
            Token::Op(Op::Subtract) => Ok(Expr::Negate(Box::new(self.unary(depth + 1)?))),
            Token::Number(x) => Ok(Expr::Number(x)),
            Token::Name(name) => {
                self.names.push(NameSite {
                    name: name.clone(),
                    offset: at,
                });
                Ok(Expr::Name(name))
            }
            Token::Open => {
                let inner = self.sum(depth + 1)?;
                if self.peek() == Some(&Token::Close) {
                    self.next += 1;
                    Ok(inner)
                } else {
                    Err(SyntaxError {
                        offset: at,
                        message: "this `(` is never closed".into(),
                        hint: "add the `)` that ends it",
                    })
                }
            }
            Token::Op(_) | Token::Close => Err(SyntaxError {
                offset: at,
                message: format!("{} is where a number or an id should be", describe(&token)),
                hint: HOW,
            }),
        }
    }
}

/// Replaces each name by what `kind` says it is; names it does not know stay names.
pub fn resolve(expr: Expr, kind: &dyn Fn(&str) -> Option<NameKind>) -> Expr {
    match expr {
        Expr::Name(name) => match kind(&name) {
            Some(NameKind::Indicator) => Expr::Indicator(name),
            Some(NameKind::Population) => Expr::Population(name),
            None => Expr::Name(name),
        },
        Expr::Negate(inner) => Expr::Negate(Box::new(resolve(*inner, kind))),
        Expr::Binary(op, left, right) => Expr::Binary(
            op,
            Box::new(resolve(*left, kind)),
            Box::new(resolve(*right, kind)),
        ),
        other => other,
    }
}

/// What a name in a formula stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// An indicator defined in indicators.yaml.
    Indicator,
    /// A population defined in report.yaml.
    Population,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Expr {
        parse(text).unwrap().0
    }

    fn error(text: &str) -> (usize, String) {
        let e = parse(text).unwrap_err();
        (e.offset, e.message)
    }

    fn name(n: &str) -> Box<Expr> {
        Box::new(Expr::Name(n.into()))
    }

    #[test]
    fn precedence_and_parentheses_are_those_of_arithmetic() {
        assert_eq!(
            tree("100 * (t1-attendances - t1-breaches) / t1-attendances"),
            Expr::Binary(
                Op::Divide,
                Box::new(Expr::Binary(
                    Op::Multiply,
                    Box::new(Expr::Number(100.0)),
                    Box::new(Expr::Binary(
                        Op::Subtract,
                        name("t1-attendances"),
                        name("t1-breaches")
                    ))
                )),
                name("t1-attendances")
            )
        );
        assert_eq!(
            tree("a + b * c"),
            Expr::Binary(
                Op::Add,
                name("a"),
                Box::new(Expr::Binary(Op::Multiply, name("b"), name("c")))
            )
        );
        assert_eq!(
            tree("a - b - c"),
            Expr::Binary(
                Op::Subtract,
                Box::new(Expr::Binary(Op::Subtract, name("a"), name("b"))),
                name("c")
            ),
            "left to right"
        );
    }

    #[test]
    fn a_hyphen_without_spaces_is_part_of_an_id() {
        assert_eq!(tree("a-b"), Expr::Name("a-b".into()));
        assert_eq!(
            tree("a -b"),
            Expr::Binary(Op::Subtract, name("a"), name("b"))
        );
        assert_eq!(tree("-a"), Expr::Negate(name("a")));
    }

    #[test]
    fn numbers_may_have_thousands_separators_and_decimals() {
        assert_eq!(tree("1,000"), Expr::Number(1000.0));
        assert_eq!(tree("2.5"), Expr::Number(2.5));
        assert_eq!(tree("1000 × a ÷ b"), tree("1000 * a / b"));
        assert_eq!(error("1,00 * a").1, "`1,00` is not a number");
        assert_eq!(error("1.2.3").1, "`1.2.3` is not a number");
        assert_eq!(error("a.b").1, "`a.b` is neither a number nor an id");
        assert_eq!(
            error("10000000000000000 * a").1,
            "`10000000000000000` is too large to mean anything"
        );
    }

    #[test]
    fn every_name_is_listed_with_its_offset() {
        let (_, names) = parse("100 * (t1-a - t1-b) / t1-a").unwrap();
        let found: Vec<(&str, usize)> = names.iter().map(|n| (n.name.as_str(), n.offset)).collect();
        assert_eq!(found, [("t1-a", 7), ("t1-b", 14), ("t1-a", 22)]);
    }

    #[test]
    fn mistakes_are_located() {
        assert_eq!(error("").1, "the formula is empty");
        assert_eq!(
            error("a *"),
            (
                3,
                "the formula ends after `*`: a number or an id is missing".into()
            )
        );
        assert_eq!(error("(a + b"), (0, "this `(` is never closed".into()));
        assert_eq!(error("a + b)"), (5, "this `)` closes no `(`".into()));
        assert_eq!(
            error("a b"),
            (2, "an operator is missing before `b`".into())
        );
        assert_eq!(
            error("a % b"),
            (2, "`%` cannot be used in a formula".into())
        );
        assert_eq!(
            error("a + * b"),
            (4, "`*` is where a number or an id should be".into())
        );
        let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert!(error(&deep).1.contains("nests more than"));
        // Too long to walk safely: refused at the first part past the limit.
        let long = vec!["a"; 600].join(" + ");
        let (offset, message) = error(&long);
        assert_eq!(offset, 4 * MAX_TOKENS / 2, "{message}");
        assert!(message.starts_with("1199 parts"), "{message}");
        assert!(parse(&vec!["a"; 500].join(" + ")).is_ok(), "999 parts");
    }

    #[test]
    fn missing_beats_not_applicable_and_withheld_beats_both() {
        let resolved = |text: &str| {
            let expr = resolve(tree(text), &|_| Some(NameKind::Indicator));
            Expression {
                source: text.into(),
                tree: expr,
            }
        };
        let values = |a: Value, b: Value| {
            move |e: &Expr| match e {
                Expr::Indicator(id) if id == "a" => a,
                _ => b,
            }
        };
        let share = resolved("100 * (a - b) / a");
        let at = |a, b| share.evaluate(&values(a, b));
        assert_eq!(
            at(Value::Present(200.0), Value::Present(50.0)),
            Value::Present(75.0)
        );
        assert_eq!(
            at(Value::Present(0.0), Value::Present(0.0)),
            Value::NotApplicable,
            "a zero divisor"
        );
        assert_eq!(
            at(Value::NotApplicable, Value::Present(1.0)),
            Value::NotApplicable
        );
        assert_eq!(at(Value::Missing, Value::NotApplicable), Value::Missing);
        assert_eq!(
            at(Value::Present(8.0), Value::Suppressed),
            Value::Suppressed
        );
        assert_eq!(share.indicators(), ["a", "b"]);
        let huge = resolved("a * a * a");
        assert_eq!(
            huge.evaluate(&values(Value::Present(1e14), Value::Missing)),
            Value::NotApplicable,
            "an overflow is no figure, never infinity"
        );
    }
}
