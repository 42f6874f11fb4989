//! C constant expressions: enum values, `const` declarations, array sizes, case labels.

#[cfg(feature = "serde")]
use serde::Serialize;

use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Span, TypeDecl, UnaryOp};

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Value {
    Int(i64),
    Float(f64),
    /// A narrow string literal.
    Str(String),
    /// An `L"..."` literal.
    WStr(String),
    /// A GUID of `declare_guid` or of a `const GUID` initializer, lower-case
    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    Guid(String),
}

impl Value {
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(v) => Some(*v),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub struct EvalError {
    pub span: Span,
    pub message: String,
}

fn err<T>(span: &Span, message: impl Into<String>) -> Result<T, EvalError> {
    Err(EvalError { span: span.clone(), message: message.into() })
}

/// What an expression may refer to.
pub trait Env {
    /// The value of a named constant or enumerator.
    fn constant(&mut self, name: &str, span: &Span) -> Result<Value, EvalError>;
    /// Width and signedness of an integer type named in a cast; `None` if it is not one.
    fn int_type(&mut self, ty: &TypeDecl) -> Option<(u8, bool)>;
    /// `sizeof` of a type, where the model knows it.
    fn size_of(&mut self, ty: &TypeDecl) -> Option<u64>;
}

/// Nesting bound for evaluation, matching the parser's bracket bound with room for operators.
const MAX_DEPTH: usize = 512;

pub fn eval(expr: &Expr, env: &mut dyn Env) -> Result<Value, EvalError> {
    eval_at(expr, env, 0)
}

fn eval_at(e: &Expr, env: &mut dyn Env, depth: usize) -> Result<Value, EvalError> {
    if depth > MAX_DEPTH {
        return err(&e.span, "expression nested too deeply");
    }
    let sub = |x: &Expr, env: &mut dyn Env| eval_at(x, env, depth + 1);
    Ok(match &e.kind {
        ExprKind::Int(v) => Value::Int(*v as i64),
        ExprKind::Float(v) => Value::Float(*v),
        ExprKind::Char(v) => Value::Int(*v),
        ExprKind::Str { value, wide } => {
            if *wide {
                Value::WStr(value.clone())
            } else {
                Value::Str(value.clone())
            }
        }
        ExprKind::Ident(name) => env.constant(name, &e.span)?,
        ExprKind::Unary(op, x) => {
            let v = sub(x, env)?;
            match (op, v) {
                (UnaryOp::Plus, v @ (Value::Int(_) | Value::Float(_))) => v,
                (UnaryOp::Neg, Value::Int(i)) => Value::Int(i.wrapping_neg()),
                (UnaryOp::Neg, Value::Float(f)) => Value::Float(-f),
                (UnaryOp::Not, Value::Int(i)) => Value::Int((i == 0) as i64),
                (UnaryOp::Compl, Value::Int(i)) => Value::Int(!i),
                (UnaryOp::Deref | UnaryOp::Addr, _) => return err(&e.span, "pointer operators are not constant"),
                _ => return err(&e.span, "operator does not apply to this operand"),
            }
        }
        ExprKind::Binary(op, a, b) => {
            let (a, b) = (sub(a, env)?, sub(b, env)?);
            binary(*op, a, b, &e.span)?
        }
        ExprKind::Ternary(c, a, b) => {
            let c = sub(c, env)?;
            match c {
                Value::Int(0) => sub(b, env)?,
                Value::Int(_) => sub(a, env)?,
                _ => return err(&e.span, "condition is not an integer"),
            }
        }
        ExprKind::Cast(ty, x) => {
            let v = sub(x, env)?;
            match (env.int_type(ty), v) {
                (Some((bits, signed)), Value::Int(i)) => Value::Int(truncate(i, bits, signed)),
                (Some((bits, signed)), Value::Float(f)) => Value::Int(truncate(f as i64, bits, signed)),
                (None, v) => v,
                (Some(_), _) => return err(&e.span, "cannot cast a string to an integer"),
            }
        }
        ExprKind::Sizeof(ty) => match env.size_of(ty) {
            Some(n) => Value::Int(n as i64),
            None => return err(&ty.span, "the size of this type is not known to the compiler"),
        },
        ExprKind::Member(..) | ExprKind::PtrMember(..) | ExprKind::Index(..) => {
            return err(&e.span, "member and index expressions are not constant");
        }
    })
}

fn truncate(v: i64, bits: u8, signed: bool) -> i64 {
    if bits >= 64 {
        return v;
    }
    let mask = (1u64 << bits) - 1;
    let u = (v as u64) & mask;
    if signed && u & (1 << (bits - 1)) != 0 { (u | !mask) as i64 } else { u as i64 }
}

fn binary(op: BinaryOp, a: Value, b: Value, span: &Span) -> Result<Value, EvalError> {
    use BinaryOp::*;
    if let (Value::Int(x), Value::Int(y)) = (&a, &b) {
        let (x, y) = (*x, *y);
        return Ok(Value::Int(match op {
            Or => (x != 0 || y != 0) as i64,
            And => (x != 0 && y != 0) as i64,
            BitOr => x | y,
            Xor => x ^ y,
            BitAnd => x & y,
            Eq => (x == y) as i64,
            Ne => (x != y) as i64,
            Lt => (x < y) as i64,
            Gt => (x > y) as i64,
            Le => (x <= y) as i64,
            Ge => (x >= y) as i64,
            Shl => x.wrapping_shl((y & 63) as u32),
            Shr => x.wrapping_shr((y & 63) as u32),
            Add => x.wrapping_add(y),
            Sub => x.wrapping_sub(y),
            Mul => x.wrapping_mul(y),
            Div | Rem if y == 0 => return err(span, "division by zero in constant expression"),
            Div => x.wrapping_div(y),
            Rem => x.wrapping_rem(y),
        }));
    }
    let as_f = |v: &Value| match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    };
    match (as_f(&a), as_f(&b)) {
        (Some(x), Some(y)) => Ok(match op {
            Add => Value::Float(x + y),
            Sub => Value::Float(x - y),
            Mul => Value::Float(x * y),
            Div => Value::Float(x / y),
            Eq => Value::Int((x == y) as i64),
            Ne => Value::Int((x != y) as i64),
            Lt => Value::Int((x < y) as i64),
            Gt => Value::Int((x > y) as i64),
            Le => Value::Int((x <= y) as i64),
            Ge => Value::Int((x >= y) as i64),
            _ => return err(span, "operator does not apply to floating-point values"),
        }),
        _ => err(span, "operator does not apply to strings"),
    }
}
