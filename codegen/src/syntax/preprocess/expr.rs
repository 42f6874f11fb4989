//! `#if` expressions: the value of a line's tokens once macros are expanded and `defined` is done.

use super::MAX_IF_NESTING;
use super::literals::{char_value, parse_int};
use super::output::shown;
use super::tokens::{Kind, Tok};
use crate::diag::Diagnostic;
use crate::source::FileId;

/// The value of the tokens of a `#if` line (`what`, for messages: `#if` or `#elif`) that ends at
/// `end`.
pub(super) fn evaluate(toks: &[Tok], file: FileId, end: usize, what: &str) -> Result<i64, Diagnostic> {
    Eval { toks, i: 0, file, end, what, depth: 0 }.run()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BinOp {
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Shl,
    Shr,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Ne,
    BitAnd,
    BitXor,
    BitOr,
    And,
    Or,
}

fn binop(s: &str) -> Option<(BinOp, u8)> {
    use BinOp::*;
    Some(match s {
        "*" => (Mul, 10),
        "/" => (Div, 10),
        "%" => (Rem, 10),
        "+" => (Add, 9),
        "-" => (Sub, 9),
        "<<" => (Shl, 8),
        ">>" => (Shr, 8),
        "<" => (Lt, 7),
        ">" => (Gt, 7),
        "<=" => (Le, 7),
        ">=" => (Ge, 7),
        "==" => (Eq, 6),
        "!=" => (Ne, 6),
        "&" => (BitAnd, 5),
        "^" => (BitXor, 4),
        "|" => (BitOr, 3),
        "&&" => (And, 2),
        "||" => (Or, 1),
        _ => return None,
    })
}

fn shift_left(l: i64, r: i64) -> i64 {
    if r < 0 {
        shift_right(l, r.checked_neg().unwrap_or(i64::MAX))
    } else if r >= 64 {
        0
    } else {
        l.wrapping_shl(r as u32)
    }
}

fn shift_right(l: i64, r: i64) -> i64 {
    if r < 0 {
        shift_left(l, r.checked_neg().unwrap_or(i64::MAX))
    } else if r >= 64 {
        if l < 0 { -1 } else { 0 }
    } else {
        l >> r
    }
}

/// A binary operator waiting for its right operand.
struct PendingOp {
    op: BinOp,
    prec: u8,
    /// Index of the operator token, for errors.
    tok: usize,
    /// Whether the operation's value is needed.
    eval: bool,
    /// Whether its right operand's value is needed (short-circuit).
    eval_rhs: bool,
}

/// Evaluates the tokens of a `#if` line (macros expanded, `defined` done).
struct Eval<'a> {
    toks: &'a [Tok],
    i: usize,
    file: FileId,
    /// Where the line ends, for errors at its end.
    end: usize,
    /// `#if` or `#elif`, for messages.
    what: &'a str,
    depth: usize,
}

impl Eval<'_> {
    fn run(&mut self) -> Result<i64, Diagnostic> {
        let v = self.cond(true)?;
        match self.toks.get(self.i) {
            Some(t) => Err(self
                .error(self.i, format!("expected operator in `{}` expression, found `{}`", self.what, shown(&t.text)))),
            None => Ok(v),
        }
    }

    fn error(&self, i: usize, msg: String) -> Diagnostic {
        match self.toks.get(i) {
            Some(t) => Diagnostic::new(self.file, t.span(), msg),
            None => Diagnostic::new(self.file, self.end..self.end, msg),
        }
    }

    fn expected(&self, what: &str) -> Diagnostic {
        let found = match self.toks.get(self.i) {
            Some(t) => format!("`{}`", shown(&t.text)),
            None => "end of line".to_owned(),
        };
        self.error(self.i, format!("expected {what} in `{}` expression, found {found}", self.what))
    }

    fn punct(&self) -> Option<&str> {
        self.toks.get(self.i).filter(|t| t.kind == Kind::Punct).map(|t| &*t.text)
    }

    /// A conditional expression (`a ? b : c`).
    fn cond(&mut self, eval: bool) -> Result<i64, Diagnostic> {
        if self.depth >= MAX_IF_NESTING {
            return Err(self.error(self.i, format!("`{}` expression nested too deeply", self.what)));
        }
        self.depth += 1;
        let c = self.binary(eval)?;
        let v = if self.punct() == Some("?") {
            self.i += 1;
            let a = self.cond(eval && c != 0)?;
            if self.punct() != Some(":") {
                return Err(self.expected("`:`"));
            }
            self.i += 1;
            let b = self.cond(eval && c == 0)?;
            if c != 0 { a } else { b }
        } else {
            c
        };
        self.depth -= 1;
        Ok(v)
    }

    /// Binary operators by precedence, without recursion per level. `eval` false: the value is
    /// not needed (short-circuited), so division by zero is no error.
    fn binary(&mut self, eval: bool) -> Result<i64, Diagnostic> {
        let mut vals: Vec<i64> = Vec::new();
        let mut ops: Vec<PendingOp> = Vec::new();
        vals.push(self.unary(eval)?);
        while let Some((op, prec)) = self.punct().and_then(binop) {
            while ops.last().is_some_and(|p| p.prec >= prec) {
                self.reduce(&mut vals, &mut ops)?;
            }
            let lhs = vals.last().copied().unwrap_or(0);
            let here = ops.last().map_or(eval, |p| p.eval_rhs);
            let eval_rhs = match op {
                BinOp::And => here && lhs != 0,
                BinOp::Or => here && lhs == 0,
                _ => here,
            };
            ops.push(PendingOp { op, prec, tok: self.i, eval: here, eval_rhs });
            self.i += 1;
            vals.push(self.unary(eval_rhs)?);
        }
        while !ops.is_empty() {
            self.reduce(&mut vals, &mut ops)?;
        }
        Ok(vals.pop().unwrap_or(0))
    }

    /// Applies the last pending operator to the last two values.
    fn reduce(&self, vals: &mut Vec<i64>, ops: &mut Vec<PendingOp>) -> Result<(), Diagnostic> {
        let Some(p) = ops.pop() else { return Ok(()) };
        let r = vals.pop().unwrap_or(0);
        let l = vals.pop().unwrap_or(0);
        vals.push(self.apply(p.op, l, r, p.eval, p.tok)?);
        Ok(())
    }

    fn apply(&self, op: BinOp, l: i64, r: i64, eval: bool, tok: usize) -> Result<i64, Diagnostic> {
        use BinOp::*;
        Ok(match op {
            Mul => l.wrapping_mul(r),
            Div | Rem if r == 0 => {
                if eval {
                    return Err(self.error(tok, format!("division by zero in `{}` expression", self.what)));
                }
                0
            }
            Div => l.wrapping_div(r),
            Rem => l.wrapping_rem(r),
            Add => l.wrapping_add(r),
            Sub => l.wrapping_sub(r),
            Shl => shift_left(l, r),
            Shr => shift_right(l, r),
            Lt => i64::from(l < r),
            Gt => i64::from(l > r),
            Le => i64::from(l <= r),
            Ge => i64::from(l >= r),
            Eq => i64::from(l == r),
            Ne => i64::from(l != r),
            BitAnd => l & r,
            BitXor => l ^ r,
            BitOr => l | r,
            And => i64::from(l != 0 && r != 0),
            Or => i64::from(l != 0 || r != 0),
        })
    }

    fn unary(&mut self, eval: bool) -> Result<i64, Diagnostic> {
        let mut ops: Vec<u8> = Vec::new();
        while let Some(p) = self.punct() {
            match p {
                "!" | "~" | "-" | "+" => {
                    ops.push(p.as_bytes()[0]);
                    self.i += 1;
                }
                _ => break,
            }
        }
        let mut v = self.primary(eval)?;
        for op in ops.iter().rev() {
            v = match op {
                b'!' => i64::from(v == 0),
                b'~' => !v,
                b'-' => v.wrapping_neg(),
                _ => v,
            };
        }
        Ok(v)
    }

    fn primary(&mut self, eval: bool) -> Result<i64, Diagnostic> {
        let Some(t) = self.toks.get(self.i) else { return Err(self.expected("value")) };
        match t.kind {
            Kind::Number => match parse_int(&t.text) {
                Some(v) => {
                    self.i += 1;
                    Ok(v)
                }
                None => Err(self.error(
                    self.i,
                    format!("invalid integer constant `{}` in `{}` expression", shown(&t.text), self.what),
                )),
            },
            Kind::Char => match char_value(&t.text) {
                Some(v) => {
                    self.i += 1;
                    Ok(v)
                }
                None => Err(self.error(
                    self.i,
                    format!("invalid character constant `{}` in `{}` expression", shown(&t.text), self.what),
                )),
            },
            Kind::Ident => {
                self.i += 1;
                Ok(0)
            }
            Kind::Punct if t.is("(") => {
                self.i += 1;
                let v = self.cond(eval)?;
                if self.punct() != Some(")") {
                    return Err(self.expected("`)`"));
                }
                self.i += 1;
                Ok(v)
            }
            _ => Err(self.expected("value")),
        }
    }
}
