//! `models.CharField(max_length=100, null=True)` (an evaluated call) → [`Field`].
//!
//! Keyword arguments Django's schema editor reads are kept; the rest (`verbose_name`,
//! `help_text`, `choices`, validators, …) never reach the database and are ignored.

use super::state::{Field, ModelKey, Remote};
use crate::host::{CallValue, Value};
use crate::ir::DefaultExpr;

/// Field classes polymig maps (last path segment), besides relations.
pub const KNOWN: &[&str] = &[
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "BinaryField",
    "BooleanField",
    "NullBooleanField",
    "CharField",
    "EmailField",
    "URLField",
    "SlugField",
    "FileField",
    "ImageField",
    "FilePathField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "DurationField",
    "FloatField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "IPAddressField",
    "GenericIPAddressField",
    "JSONField",
    "TextField",
    "TimeField",
    "UUIDField",
    "ForeignKey",
    "OneToOneField",
    "ManyToManyField",
    "ArrayField",
    "HStoreField",
    "CICharField",
    "CIEmailField",
    "CITextField",
    "IntegerRangeField",
    "BigIntegerRangeField",
    "DecimalRangeField",
    "DateTimeRangeField",
    "DateRangeField",
    "SearchVectorField",
];

/// Third-party field classes that behave exactly like a built-in one, by default
/// (subclasses that change no column): `mptt.fields.TreeForeignKey` is a `ForeignKey`.
pub const DEFAULT_FIELD_MAP: &[(&str, &str)] = &[
    ("TreeForeignKey", "ForeignKey"),
    ("TreeOneToOneField", "OneToOneField"),
    ("TreeManyToManyField", "ManyToManyField"),
    ("ParentalKey", "ForeignKey"),
    ("ParentalManyToManyField", "ManyToManyField"),
    ("TaggableManager", "ManyToManyField"),
    ("AutoSlugField", "SlugField"),
    ("CreationDateTimeField", "DateTimeField"),
    ("ModificationDateTimeField", "DateTimeField"),
    ("AutoCreatedField", "DateTimeField"),
    ("AutoLastModifiedField", "DateTimeField"),
    ("CountryField", "CharField"),
    ("PhoneNumberField", "CharField"),
    ("ColorField", "CharField"),
    ("TimeZoneField", "CharField"),
    ("RichTextField", "TextField"),
];

/// Swappable-model settings of well-known apps, by setting name (the last path segment:
/// `settings.AUTH_USER_MODEL`, `oauth2_settings.APPLICATION_MODEL`) → their default model.
pub const DEFAULT_SWAPPABLE: &[(&str, &str)] = &[
    ("AUTH_USER_MODEL", "auth.User"),
    ("APPLICATION_MODEL", "oauth2_provider.Application"),
    ("ACCESS_TOKEN_MODEL", "oauth2_provider.AccessToken"),
    ("REFRESH_TOKEN_MODEL", "oauth2_provider.RefreshToken"),
    ("ID_TOKEN_MODEL", "oauth2_provider.IDToken"),
    ("GRANT_MODEL", "oauth2_provider.Grant"),
    ("OAUTH2_PROVIDER_APPLICATION_MODEL", "oauth2_provider.Application"),
    ("OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL", "oauth2_provider.AccessToken"),
    ("OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL", "oauth2_provider.RefreshToken"),
    ("OAUTH2_PROVIDER_ID_TOKEN_MODEL", "oauth2_provider.IDToken"),
    ("OAUTH2_PROVIDER_GRANT_MODEL", "oauth2_provider.Grant"),
    ("WAGTAILIMAGES_IMAGE_MODEL", "wagtailimages.Image"),
    ("WAGTAILDOCS_DOCUMENT_MODEL", "wagtaildocs.Document"),
    ("FILER_IMAGE_MODEL", "filer.Image"),
    ("WAGTAIL_PAGE_MODEL", "wagtailcore.Page"),
];

/// How relation targets resolve: the app of the migration, and the swappable models
/// (`settings.AUTH_USER_MODEL` → `auth.User`); how unknown field classes map.
pub struct Resolver<'a> {
    /// The app label of the migration being read.
    pub app: &'a str,
    /// `AUTH_USER_MODEL`-style settings → `app.Model`.
    pub swappable: &'a [(String, String)],
    /// Project field classes (full dotted path or last segment) → a built-in class name
    /// (`"myapp.fields.MoneyField"` → `"DecimalField"`), tried before [`DEFAULT_FIELD_MAP`].
    pub field_map: &'a [(String, String)],
}

impl Resolver<'_> {
    /// The built-in class an unknown field class stands for, if mapped.
    fn mapped(&self, path: &str, class: &str) -> Option<String> {
        let project = self.field_map.iter().find(|(k, _)| k == path || k == class).map(|(_, v)| v.clone());
        project.or_else(|| DEFAULT_FIELD_MAP.iter().find(|(k, _)| *k == class).map(|(_, v)| v.to_string()))
    }
}

impl Resolver<'_> {
    /// `"shop.Product"`, `"Product"`, `settings.AUTH_USER_MODEL` → `("shop", "product")`.
    pub fn model(&self, v: &Value) -> Option<ModelKey> {
        let text = match v {
            Value::Str(s) => s.clone(),
            // swapper.get_model_name("wagtailcore", "Page") → "wagtailcore.Page"
            Value::Call(c) if c.method() == "get_model_name" || c.method() == "dependency" => {
                let (a, m) = (c.args.first()?.as_str()?, c.args.get(1)?.as_str()?);
                format!("{a}.{m}")
            }
            other => self.setting(other)?,
        };
        Some(split_model(&text, self.app))
    }

    /// The value of a swappable setting (`settings.AUTH_USER_MODEL`), if `v` names one.
    pub fn setting(&self, v: &Value) -> Option<String> {
        let path = v.path()?;
        let name = path.rsplit('.').next()?;
        let project = self.swappable.iter().find(|(k, _)| k == name).map(|(_, m)| m.clone());
        project.or_else(|| DEFAULT_SWAPPABLE.iter().find(|(k, _)| *k == name).map(|(_, m)| m.to_string()))
    }
}

/// `"app.Model"` → `("app", "model")`; a bare `"Model"` belongs to `app`.
pub fn split_model(text: &str, app: &str) -> ModelKey {
    match text.split_once('.') {
        Some((a, m)) => (a.to_string(), m.to_ascii_lowercase()),
        None => (app.to_string(), text.to_ascii_lowercase()),
    }
}

/// The field class of a call: `django.db.models.CharField` → `CharField`.
pub fn class_of(call: &CallValue) -> String {
    call.method().to_string()
}

/// Read one field definition. Unknown classes get `unknown` set (the caller makes them Opaque
/// unless the type map names them).
pub fn read_field(name: &str, v: &Value, r: &Resolver) -> Result<Field, String> {
    let call = v.as_call().ok_or_else(|| format!("field `{name}` is not a field class call"))?;
    let mut class = class_of(call);
    let path = call.path().trim_end_matches("()").to_string();
    let in_django = path.starts_with("django.");
    if (!KNOWN.contains(&class.as_str()) || !in_django && !path.starts_with("models."))
        && let Some(m) = r.mapped(&path, &class)
    {
        class = m;
    }
    let mut f = Field::new(name, &class);
    let flag = |k: &str| call.kw(k).and_then(Value::as_bool);
    let num = |k: &str| call.kw(k).and_then(Value::as_i64).and_then(|n| u32::try_from(n).ok());
    let text = |k: &str| call.kw(k).and_then(Value::as_str).map(str::to_string);
    f.null = flag("null").unwrap_or(false);
    f.blank = flag("blank").unwrap_or(false);
    f.primary_key = flag("primary_key").unwrap_or(false);
    f.unique = flag("unique").unwrap_or(false) || f.primary_key;
    f.db_column = text("db_column");
    f.max_length = num("max_length");
    f.max_digits = num("max_digits");
    f.decimal_places = num("decimal_places");
    f.db_comment = text("db_comment");
    f.db_collation = text("db_collation");
    f.auto_now = flag("auto_now").unwrap_or(false) || flag("auto_now_add").unwrap_or(false);
    f.db_default = call.kw("db_default").and_then(literal_default);
    f.default = call.kw("default").and_then(literal_default);
    match class.as_str() {
        "ForeignKey" | "OneToOneField" | "ManyToManyField" => {
            let to = call.arg(0, "to").ok_or_else(|| format!("{class} `{name}` has no `to`"))?;
            let model = r.model(to).ok_or_else(|| format!("{class} `{name}`: cannot resolve its target"))?;
            f.remote = Some(Remote {
                model,
                to_field: text("to_field"),
                db_constraint: flag("db_constraint").unwrap_or(true),
                through: call.kw("through").and_then(|t| r.model(t)),
                m2m_db_table: if class == "ManyToManyField" { text("db_table") } else { None },
                hidden: text("related_name").is_some_and(|n| n.ends_with('+')),
            });
            if class == "OneToOneField" {
                f.unique = true;
            }
            f.db_index = flag("db_index").unwrap_or(true);
        }
        "SlugField" => f.db_index = flag("db_index").unwrap_or(true),
        "NullBooleanField" => {
            f.class = "BooleanField".into();
            f.null = true;
        }
        "ArrayField" => {
            let base = call.arg(0, "base_field").ok_or("ArrayField without base_field")?;
            f.base_field = Some(Box::new(read_field(name, base, r)?));
            f.size = num("size");
        }
        _ => {}
    }
    if class != "ForeignKey" && class != "OneToOneField" && class != "ManyToManyField" && class != "SlugField" {
        f.db_index = flag("db_index").unwrap_or(false);
    }
    if !KNOWN.contains(&class.as_str()) {
        f.unknown = Some(format!(
            "unknown field class `{path}` (map it to a built-in field class with the `field_map` option)"
        ));
    }
    Ok(f)
}

/// A Python literal as a column default: `0`, `"x"`, `True`, `None`; `Value(…)` for `db_default`.
pub fn literal_default(v: &Value) -> Option<DefaultExpr> {
    match v {
        Value::Str(s) => Some(DefaultExpr::String(s.clone())),
        Value::Number(n) => Some(DefaultExpr::Number(n.clone())),
        Value::Bool(b) => Some(DefaultExpr::Bool(*b)),
        Value::Nil => Some(DefaultExpr::Null),
        Value::Call(c) if c.method() == "Value" => c.args.first().and_then(literal_default),
        Value::Call(c) if c.method() == "Now" => Some(DefaultExpr::CurrentTimestamp),
        _ => None,
    }
}
