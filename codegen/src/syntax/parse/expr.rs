//! Pest pairs to the syntax tree: expressions, with C's operator precedence, and C initializers.

use pest::iterators::Pair;

use super::super::ast::*;
use super::Rule;
use super::literals::{number, unescape};
use super::lower::Lowering;

impl Lowering {
    /// A C initializer: an expression or a braced list of initializers.
    pub(super) fn initializer(&self, p: Pair<Rule>) -> Initializer {
        let inner = p.into_inner().next().expect("an initializer's value");
        match inner.as_rule() {
            Rule::init_list => {
                let span = self.span(&inner);
                Initializer::List(inner.into_inner().map(|v| self.initializer(v)).collect(), span)
            }
            _ => Initializer::Expr(self.expr(inner)),
        }
    }

    pub(super) fn expr(&self, p: Pair<Rule>) -> Expr {
        let span = self.span(&p);
        match p.as_rule() {
            Rule::expr => self.expr(p.into_inner().next().expect("expression")),
            Rule::ternary => {
                let mut it = p.into_inner();
                let cond = self.expr(it.next().expect("condition"));
                match (it.next(), it.next()) {
                    (Some(a), Some(b)) => Expr {
                        kind: ExprKind::Ternary(Box::new(cond), Box::new(self.expr(a)), Box::new(self.expr(b))),
                        span,
                    },
                    _ => cond,
                }
            }
            Rule::binary => {
                let mut it = p.into_inner();
                let first = self.expr(it.next().expect("operand"));
                let mut rest = Vec::new();
                while let (Some(op), Some(rhs)) = (it.next(), it.next()) {
                    rest.push((binary_op(op.as_str()), self.expr(rhs)));
                }
                climb(first, &mut rest.into_iter().peekable(), 0)
            }
            Rule::unary => {
                let mut it = p.into_inner();
                let first = it.next().expect("unary operand");
                match it.next() {
                    Some(operand) => {
                        let op = unary_op(first.as_str());
                        Expr { kind: ExprKind::Unary(op, Box::new(self.expr(operand))), span }
                    }
                    None => self.expr(first),
                }
            }
            Rule::cast => {
                let mut it = p.into_inner();
                let ty = self.type_decl(it.next().expect("cast type"));
                let operand = self.expr(it.next().expect("cast operand"));
                Expr { kind: ExprKind::Cast(Box::new(ty), Box::new(operand)), span }
            }
            Rule::postfix => {
                let mut it = p.into_inner();
                let mut e = self.expr(it.next().expect("primary"));
                for suffix in it {
                    let sspan = e.span.start..self.span(&suffix).end;
                    let kind = match suffix.as_rule() {
                        Rule::member_access => {
                            ExprKind::Member(Box::new(e), self.ident(suffix.into_inner().next().expect("member")))
                        }
                        Rule::ptr_access => {
                            ExprKind::PtrMember(Box::new(e), self.ident(suffix.into_inner().next().expect("member")))
                        }
                        _ => ExprKind::Index(
                            Box::new(e),
                            Box::new(self.expr(suffix.into_inner().next().expect("index"))),
                        ),
                    };
                    e = Expr { kind, span: sspan };
                }
                e
            }
            Rule::paren => self.expr(p.into_inner().next().expect("parenthesized")),
            Rule::number => Expr { kind: number(p.as_str()), span },
            Rule::strings => {
                let mut value = String::new();
                let mut wide = false;
                for s in p.into_inner() {
                    let s = self.string(s);
                    wide |= s.wide;
                    value.push_str(&s.value);
                }
                Expr { kind: ExprKind::Str { value, wide }, span }
            }
            Rule::char_lit => {
                let inner = p.into_inner().find(|i| i.as_rule() == Rule::char_inner).map(|i| unescape(i.as_str()));
                let c = inner.and_then(|s| s.chars().next()).map(|c| c as i64).unwrap_or(0);
                Expr { kind: ExprKind::Char(c), span }
            }
            Rule::sizeof_expr => {
                let ty = self.type_decl(p.into_inner().nth(1).expect("sizeof type"));
                Expr { kind: ExprKind::Sizeof(Box::new(ty)), span }
            }
            Rule::ident => Expr { kind: ExprKind::Ident(p.as_str().to_string()), span },
            other => unreachable!("not an expression: {other:?}"),
        }
    }
}

/// Applies C precedence to `lhs` followed by `(operator, operand)` pairs, taking only operators
/// binding tighter than `min` (all binary operators are left-associative).
fn climb(mut lhs: Expr, rest: &mut std::iter::Peekable<std::vec::IntoIter<(BinaryOp, Expr)>>, min: u8) -> Expr {
    while let Some(&(op, _)) = rest.peek() {
        let prec = precedence(op);
        if prec <= min {
            break;
        }
        let (_, mut rhs) = rest.next().expect("peeked");
        while rest.peek().is_some_and(|&(next, _)| precedence(next) > prec) {
            rhs = climb(rhs, rest, prec);
        }
        let span = lhs.span.start..rhs.span.end;
        lhs = Expr { kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span };
    }
    lhs
}

fn precedence(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => 1,
        BinaryOp::And => 2,
        BinaryOp::BitOr => 3,
        BinaryOp::Xor => 4,
        BinaryOp::BitAnd => 5,
        BinaryOp::Eq | BinaryOp::Ne => 6,
        BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge => 7,
        BinaryOp::Shl | BinaryOp::Shr => 8,
        BinaryOp::Add | BinaryOp::Sub => 9,
        BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => 10,
    }
}

fn binary_op(op: &str) -> BinaryOp {
    match op {
        "||" => BinaryOp::Or,
        "&&" => BinaryOp::And,
        "|" => BinaryOp::BitOr,
        "^" => BinaryOp::Xor,
        "&" => BinaryOp::BitAnd,
        "==" => BinaryOp::Eq,
        "!=" => BinaryOp::Ne,
        "<" => BinaryOp::Lt,
        ">" => BinaryOp::Gt,
        "<=" => BinaryOp::Le,
        ">=" => BinaryOp::Ge,
        "<<" => BinaryOp::Shl,
        ">>" => BinaryOp::Shr,
        "+" => BinaryOp::Add,
        "-" => BinaryOp::Sub,
        "*" => BinaryOp::Mul,
        "/" => BinaryOp::Div,
        "%" => BinaryOp::Rem,
        other => unreachable!("not a binary operator: {other:?}"),
    }
}

fn unary_op(op: &str) -> UnaryOp {
    match op {
        "!" => UnaryOp::Not,
        "~" => UnaryOp::Compl,
        "-" => UnaryOp::Neg,
        "+" => UnaryOp::Plus,
        "*" => UnaryOp::Deref,
        "&" => UnaryOp::Addr,
        other => unreachable!("not a unary operator: {other:?}"),
    }
}
