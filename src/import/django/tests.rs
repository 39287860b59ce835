//! Unit tests of the Django importer on small in-memory projects.

use std::path::Path;

use super::{DjangoOptions, import_paths_with};
use crate::ir::{Operation, SqlDialect};

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn import(root: &Path, target: Option<SqlDialect>) -> Vec<crate::ir::Migration> {
    let opts = DjangoOptions { target, ..DjangoOptions::default() };
    let (ms, diags) = import_paths_with(&[root.to_path_buf()], &opts);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    ms
}

const SHOP: &str = r#"
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    initial = True
    dependencies = [("blog", "0001_initial")]
    operations = [
        migrations.CreateModel(
            name="Item",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=50, unique=True)),
                ("post", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="blog.post")),
            ],
        ),
    ]
"#;

const BLOG: &str = r#"
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    atomic = False
    operations = [
        migrations.CreateModel("Post", [("id", models.AutoField(primary_key=True))]),
    ]
"#;

#[test]
fn apps_are_ordered_by_their_dependencies() {
    let dir = project(&[("shop/migrations/0001_initial.py", SHOP), ("blog/migrations/0001_initial.py", BLOG)]);
    let ms = import(dir.path(), Some(SqlDialect::Postgres));
    let ids: Vec<&str> = ms.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["blog.0001_initial", "shop.0001_initial"]);
    assert!(!ms[0].transactional, "atomic = False");
    assert_eq!(ms[1].dependencies, ["blog.0001_initial"]);
}

#[test]
fn foreign_keys_take_the_target_key_type_and_django_names() {
    let dir = project(&[("shop/migrations/0001_initial.py", SHOP), ("blog/migrations/0001_initial.py", BLOG)]);
    let ms = import(dir.path(), Some(SqlDialect::Postgres));
    let shop = &ms[1];
    let Operation::CreateTable(t) = &shop.up[0].kind else { panic!("{:?}", shop.up[0]) };
    assert_eq!(t.table.name, "shop_item");
    let post = t.columns.iter().find(|c| c.name == "post_id").unwrap();
    assert_eq!(post.data_type, crate::ir::DataType::int(32));
    let names: Vec<String> = shop.up[1..]
        .iter()
        .map(|op| match &op.kind {
            Operation::AddConstraint(c) => c.constraint.name.clone().unwrap(),
            Operation::CreateIndex(i) => i.index.name.clone().unwrap(),
            other => format!("{other:?}"),
        })
        .collect();
    let fk = super::names::index_name("shop_item", &["post_id"], "_fk_blog_post_id", None);
    let ix = super::names::index_name("shop_item", &["post_id"], "", None);
    let like = super::names::index_name("shop_item", &["name"], "_like", None);
    assert_eq!(names, [fk, like, ix]);
}

#[test]
fn two_leaves_in_one_app_are_a_conflict_naming_both_files() {
    let m = |deps: &str| {
        format!(
            "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [{deps}]\n    operations = []\n"
        )
    };
    let first = m("");
    let after_first = m("(\"shop\", \"0001_initial\")");
    let dir = project(&[
        ("shop/migrations/0001_initial.py", &first),
        ("shop/migrations/0002_a.py", &after_first),
        ("shop/migrations/0002_b.py", &after_first),
    ]);
    let (_, diags) = import_paths_with(&[dir.path().to_path_buf()], &DjangoOptions::default());
    let conflict = diags.iter().find(|d| d.code == "django-conflict").unwrap_or_else(|| panic!("{diags:?}"));
    assert!(conflict.is_error());
    assert!(conflict.message.contains("0002_a.py") && conflict.message.contains("0002_b.py"), "{conflict}");
    // A merge migration depending on both resolves it.
    let merge = m("(\"shop\", \"0002_a\"), (\"shop\", \"0002_b\")");
    std::fs::write(dir.path().join("shop/migrations/0003_merge.py"), merge).unwrap();
    let (_, diags) = import_paths_with(&[dir.path().to_path_buf()], &DjangoOptions::default());
    assert!(diags.iter().all(|d| d.code != "django-conflict"), "{diags:?}");
}

/// `RenameIndex(old_fields=…)` finds the index Django would find by its columns: one an
/// earlier `AddIndex` named (django-taggit 0002/0006 rename it to the name it already has).
#[test]
fn rename_index_by_fields_finds_the_named_index() {
    let m1 = r#"
from django.db import migrations, models
class Migration(migrations.Migration):
    initial = True
    operations = [
        migrations.CreateModel(name="Item", fields=[("id", models.AutoField(primary_key=True)), ("a", models.IntegerField()), ("b", models.IntegerField())]),
        migrations.AddIndex("item", models.Index(fields=("a", "b"), name="item_a_b_idx")),
    ]
"#;
    let m2 = r#"
from django.db import migrations
class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [
        migrations.RenameIndex(model_name="item", new_name="item_a_b_idx", old_fields=("a", "b")),
        migrations.RenameIndex(model_name="item", new_name="item_ab", old_fields=("a", "b")),
        migrations.RemoveIndex(model_name="item", name="item_ab"),
    ]
"#;
    let dir = project(&[
        ("shop/migrations/__init__.py", ""),
        ("shop/migrations/0001_initial.py", m1),
        ("shop/migrations/0002_rename.py", m2),
    ]);
    let ms = import(dir.path(), Some(SqlDialect::Postgres));
    let ops: Vec<String> = ms[1]
        .up
        .iter()
        .map(|o| match &o.kind {
            Operation::RenameIndex(r) => format!("rename {} {}", r.from, r.to),
            Operation::DropIndex(d) => format!("drop {}", d.name.name),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(ops, ["rename item_a_b_idx item_ab", "drop item_ab"]);
}

/// What Django expressions polymig cannot read become Opaque with the reason; the rest of the
/// migration is translated.
#[test]
fn untranslated_expressions_and_lookups_are_opaque_with_a_reason() {
    let src = r#"
from django.db import migrations, models
from django.db.models.functions import Cast, Lower


class Migration(migrations.Migration):
    initial = True
    operations = [
        migrations.CreateModel("Post", [("id", models.AutoField(primary_key=True)), ("title", models.CharField(max_length=9))]),
        migrations.AddIndex("post", models.Index(Cast("title", models.TextField()), name="post_cast_idx")),
        migrations.AddConstraint("post", models.CheckConstraint(condition=models.Q(title__regex="^a"), name="post_re")),
        migrations.AddIndex("post", models.Index(Lower("title"), name="post_lower_idx")),
    ]
"#;
    let dir = project(&[("blog/migrations/0001_initial.py", src)]);
    let ms = import(dir.path(), Some(SqlDialect::Postgres));
    let reasons: Vec<&str> = ms[0]
        .up
        .iter()
        .filter_map(|o| match &o.kind {
            Operation::Opaque(x) => Some(x.reason.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(reasons, ["`Cast(...)` in an index expression is not translated", "lookup `__regex` is not translated"]);
    assert!(
        ms[0]
            .up
            .iter()
            .any(|o| matches!(&o.kind, Operation::CreateIndex(c) if c.index.name.as_deref() == Some("post_lower_idx")))
    );
}
