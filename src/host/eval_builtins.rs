//! Built-in functions and methods of known values the evaluator folds:
//! `range`, `len`, `str`, `enumerate`, `zip`, `textwrap.dedent`, `str.format`,
//! `join`, `strip`, `upper`/`downcase`, `replace`, `split`, `startswith`, …

use super::Language;
use super::eval::Evaluator;
use super::parse::dedent;
use super::value::Value;

/// Longest list `range()` may build.
const MAX_RANGE: i64 = 10_000;

/// A call to a free function (`range(3)`); `None` leaves it symbolic.
pub(crate) fn function(ev: &Evaluator, path: &str, args: &[Value], kwargs: &[(String, Value)]) -> Option<Value> {
    let python = ev.module.language == Language::Python;
    let name = path.rsplit('.').next().unwrap_or(path);
    let first = args.first();
    Some(match (path, name) {
        (_, "dedent") if path == "dedent" || path == "textwrap.dedent" => Value::Str(dedent(first?.as_str()?)),
        ("inspect.cleandoc", _) => Value::Str(dedent(first?.as_str()?).trim().to_string()),
        ("range", _) if python => {
            let nums: Option<Vec<i64>> = args.iter().map(Value::as_i64).collect();
            let (start, stop, step) = match nums?.as_slice() {
                [stop] => (0, *stop, 1),
                [start, stop] => (*start, *stop, 1),
                [start, stop, step] if *step != 0 => (*start, *stop, *step),
                _ => return None,
            };
            let mut out = Vec::new();
            let mut i = start;
            while (step > 0 && i < stop) || (step < 0 && i > stop) {
                if out.len() as i64 >= MAX_RANGE {
                    return Some(Value::Unknown("range too large to unroll".into()));
                }
                out.push(Value::Number(i.to_string()));
                i += step;
            }
            Value::List(out)
        }
        ("len", _) if python => Value::Number(
            match first? {
                Value::Str(s) => s.chars().count(),
                Value::List(xs) => xs.len(),
                Value::Map(m) => m.len(),
                _ => return None,
            }
            .to_string(),
        ),
        ("str" | "String", _) => Value::Str(ev.to_display(first?)?),
        ("int", _) if python => Value::Number(first?.display()?.trim().parse::<i64>().ok()?.to_string()),
        ("list" | "tuple" | "sorted" | "reversed" | "set" | "frozenset", _) if python => {
            let mut items = match first {
                Some(Value::List(xs)) => xs.clone(),
                Some(Value::Map(m)) => m.iter().map(|(k, _)| k.clone()).collect(),
                Some(Value::Str(s)) => s.chars().map(|c| Value::Str(c.to_string())).collect(),
                None => Vec::new(),
                _ => return None,
            };
            if path == "sorted" {
                let mut keyed: Vec<(String, Value)> =
                    items.into_iter().map(|v| Some((v.display()?, v))).collect::<Option<_>>()?;
                keyed.sort_by(|a, b| a.0.cmp(&b.0));
                items = keyed.into_iter().map(|(_, v)| v).collect();
            } else if path == "reversed" {
                items.reverse();
            }
            Value::List(items)
        }
        ("enumerate", _) if python => {
            let start = kwargs.iter().find(|(k, _)| k == "start").and_then(|(_, v)| v.as_i64()).unwrap_or(0);
            let items = first?.as_list()?;
            Value::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| Value::List(vec![Value::Number((i as i64 + start).to_string()), v.clone()]))
                    .collect(),
            )
        }
        ("zip", _) if python => {
            let lists: Option<Vec<&[Value]>> = args.iter().map(Value::as_list).collect();
            let lists = lists?;
            let n = lists.iter().map(|l| l.len()).min().unwrap_or(0);
            Value::List((0..n).map(|i| Value::List(lists.iter().map(|l| l[i].clone()).collect())).collect())
        }
        ("dict", _) if python => {
            let mut pairs: Vec<(Value, Value)> = match first {
                Some(Value::Map(m)) => m.clone(),
                Some(Value::List(xs)) => xs
                    .iter()
                    .map(|p| match p.as_list()? {
                        [k, v] => Some((k.clone(), v.clone())),
                        _ => None,
                    })
                    .collect::<Option<_>>()?,
                None => Vec::new(),
                _ => return None,
            };
            pairs.extend(kwargs.iter().map(|(k, v)| (Value::Str(k.clone()), v.clone())));
            Value::Map(pairs)
        }
        ("Object.keys", _) => Value::List(map_of(first?)?.iter().map(|(k, _)| k.clone()).collect()),
        ("Object.values", _) => Value::List(map_of(first?)?.iter().map(|(_, v)| v.clone()).collect()),
        ("Object.entries", _) => {
            Value::List(map_of(first?)?.iter().map(|(k, v)| Value::List(vec![k.clone(), v.clone()])).collect())
        }
        _ => return None,
    })
}

fn map_of(v: &Value) -> Option<&[(Value, Value)]> {
    match v {
        Value::Map(m) => Some(m),
        _ => None,
    }
}

/// A method of a known value (`"a,b".split(",")`) or of the dialect name; `None` leaves it symbolic.
pub(crate) fn method(
    ev: &Evaluator,
    recv: &Value,
    method: &str,
    args: &[Value],
    kwargs: &[(String, Value)],
) -> Option<Value> {
    let arg_str = |i: usize| args.get(i).and_then(Value::as_str);
    match recv {
        Value::Dialect => Some(match method {
            "lower" | "upper" | "downcase" | "upcase" | "to_s" | "to_sym" | "strip" | "toLowerCase" | "toUpperCase"
            | "trim" | "casecmp?" => Value::Dialect,
            "startswith" | "start_with?" | "startsWith" => ev.dialect_starts_with(arg_str(0)?),
            "include?" | "includes" | "__contains__" => ev.dialect_contains(arg_str(0)?),
            _ => return None,
        }),
        Value::Str(s) => Some(string_method(ev, s, method, args, kwargs)?),
        Value::Symbol(s) => Some(match method {
            "to_s" | "name" => Value::Str(s.clone()),
            "to_sym" => recv.clone(),
            _ => return None,
        }),
        Value::Number(n) => Some(match method {
            "to_s" | "toString" => Value::Str(n.clone()),
            "to_i" => recv.clone(),
            _ => return None,
        }),
        Value::List(items) => Some(match method {
            "join" => {
                let sep = arg_str(0).unwrap_or(if ev.module.language == Language::TypeScript { "," } else { "" });
                let parts: Option<Vec<String>> = items.iter().map(|v| ev.to_display(v)).collect();
                Value::Str(parts?.join(sep))
            }
            "freeze" | "to_a" | "dup" | "slice" | "compact" => recv.clone(),
            "reverse" => Value::List(items.iter().rev().cloned().collect()),
            "first" => items.first().cloned().unwrap_or(Value::Nil),
            "last" => items.last().cloned().unwrap_or(Value::Nil),
            "size" | "length" | "count" if args.is_empty() => Value::Number(items.len().to_string()),
            "include?" | "includes" => {
                let needle = args.first()?;
                Value::Bool(items.iter().any(|i| i == needle))
            }
            "indexOf" => {
                let needle = args.first()?;
                let at = items.iter().position(|i| i == needle);
                Value::Number(at.map_or_else(|| "-1".to_string(), |i| i.to_string()))
            }
            _ => return None,
        }),
        Value::Map(pairs) => Some(match method {
            "items" | "to_a" => {
                Value::List(pairs.iter().map(|(k, v)| Value::List(vec![k.clone(), v.clone()])).collect())
            }
            "keys" => Value::List(pairs.iter().map(|(k, _)| k.clone()).collect()),
            "values" => Value::List(pairs.iter().map(|(_, v)| v.clone()).collect()),
            "get" | "fetch" | "[]" => {
                let key = args.first()?;
                pairs
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_else(|| args.get(1).cloned().unwrap_or(Value::Nil))
            }
            "freeze" | "dup" | "copy" | "to_h" => recv.clone(),
            _ => return None,
        }),
        _ => None,
    }
}

fn string_method(ev: &Evaluator, s: &str, method: &str, args: &[Value], kwargs: &[(String, Value)]) -> Option<Value> {
    let arg = |i: usize| args.get(i).and_then(Value::as_str);
    Some(match method {
        "format" if ev.module.language == Language::Python => Value::Str(python_format(ev, s, args, kwargs)?),
        "join" => {
            let parts: Option<Vec<String>> = args.first()?.as_list()?.iter().map(|v| ev.to_display(v)).collect();
            Value::Str(parts?.join(s))
        }
        "strip" | "trim" => Value::Str(s.trim().to_string()),
        "lstrip" | "trimStart" => Value::Str(s.trim_start().to_string()),
        "rstrip" | "trimEnd" | "chomp" => Value::Str(s.trim_end().to_string()),
        "squish" => Value::Str(s.split_whitespace().collect::<Vec<_>>().join(" ")),
        "strip_heredoc" | "dedent" => Value::Str(dedent(s)),
        "upper" | "upcase" | "toUpperCase" => Value::Str(s.to_uppercase()),
        "lower" | "downcase" | "toLowerCase" => Value::Str(s.to_lowercase()),
        "replace" | "gsub" | "replaceAll" | "sub" => {
            let (from, to) = (arg(0)?, arg(1)?);
            if method == "sub" || (method == "replace" && ev.module.language == Language::TypeScript) {
                Value::Str(s.replacen(from, to, 1))
            } else {
                Value::Str(s.replace(from, to))
            }
        }
        "split" => {
            let parts: Vec<Value> = match arg(0) {
                Some(sep) if !sep.is_empty() => s.split(sep).map(|p| Value::Str(p.to_string())).collect(),
                _ => s.split_whitespace().map(|p| Value::Str(p.to_string())).collect(),
            };
            Value::List(parts)
        }
        "startswith" | "start_with?" | "startsWith" => Value::Bool(s.starts_with(arg(0)?)),
        "includes" if ev.module.language == Language::TypeScript => Value::Bool(s.contains(arg(0)?)),
        "indexOf" if ev.module.language == Language::TypeScript => {
            let at = s.find(arg(0)?).map(|b| s[..b].chars().count());
            Value::Number(at.map_or_else(|| "-1".to_string(), |i| i.to_string()))
        }
        "endswith" | "end_with?" | "endsWith" => Value::Bool(s.ends_with(arg(0)?)),
        "to_s" | "toString" | "to_str" | "freeze" | "dup" | "itself" | "html_safe" => Value::Str(s.to_string()),
        "to_sym" | "intern" => Value::Symbol(s.to_string()),
        _ => return None,
    })
}

/// Python `str.format` with `{}`, `{0}`, `{name}`, `{name!r}` and `{{`/`}}`; format specs are refused.
pub(crate) fn python_format(ev: &Evaluator, fmt: &str, args: &[Value], kwargs: &[(String, Value)]) -> Option<String> {
    let mut out = String::new();
    let mut auto = 0usize;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let field: String = chars.by_ref().take_while(|c| *c != '}').collect();
                let (name, conv) = match field.split_once('!') {
                    Some((n, c)) => (n, Some(c)),
                    None => (field.as_str(), None),
                };
                if name.contains(':') {
                    return None;
                }
                let v = if name.is_empty() {
                    auto += 1;
                    args.get(auto - 1)?
                } else if let Ok(i) = name.parse::<usize>() {
                    args.get(i)?
                } else {
                    kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v)?
                };
                match (conv, v) {
                    (Some("r"), Value::Str(s)) => out.push_str(&format!("'{s}'")),
                    _ => out.push_str(&ev.to_display(v)?),
                }
            }
            other => out.push(other),
        }
    }
    Some(out)
}
