//! The IPC contract's TypeScript bindings (`ui/src/bindings.ts`) are generated
//! from the Rust types; this test fails when the committed file is stale.
//! Regenerate with `UPDATE_BINDINGS=1 cargo test --test bindings` and commit.

use planmap::api::*;
use planmap::model::{Basis, EdgeKind, Jurisdiction, NodeKind, Origin, RegionBasis};
use planmap::render::{KindStyle, LabelPos, LegendItem, Scene, SceneEdge, SceneNode, Shape};
use ts_rs::{Config, TS};

fn decl<T: TS>(cfg: &Config) -> String {
    format!("export {}\n", T::decl(cfg))
}

fn generate() -> String {
    let cfg = Config::new().with_large_int("number");
    let mut out = String::from(
        "// Generated from the Rust IPC contract (src/api.rs, src/model.rs, src/render).\n\
         // Do not edit: run `UPDATE_BINDINGS=1 cargo test --test bindings`.\n\n\
         export type Span = [number, number];\n\n",
    );
    for d in [
        decl::<NodeKind>(&cfg),
        decl::<EdgeKind>(&cfg),
        decl::<Basis>(&cfg),
        decl::<RegionBasis>(&cfg),
        decl::<Origin>(&cfg),
        decl::<ErrorCode>(&cfg),
        decl::<ApiError>(&cfg),
        decl::<Progress>(&cfg),
        decl::<Overview>(&cfg),
        decl::<KindInfo>(&cfg),
        decl::<ViewGraph>(&cfg),
        decl::<ViewNode>(&cfg),
        decl::<ViewEdge>(&cfg),
        decl::<Selection>(&cfg),
        decl::<PathHop>(&cfg),
        decl::<CountyLens>(&cfg),
        decl::<Jurisdiction>(&cfg),
        decl::<CountyCell>(&cfg),
        decl::<LensColumn>(&cfg),
        decl::<Mark>(&cfg),
        decl::<Passage>(&cfg),
        decl::<RegionView>(&cfg),
        decl::<LinkView>(&cfg),
        decl::<NodeEvidence>(&cfg),
        decl::<EdgeEvidence>(&cfg),
        decl::<OutlineEntry>(&cfg),
        decl::<SearchResult>(&cfg),
        decl::<DocumentInfo>(&cfg),
        decl::<LibraryResult>(&cfg),
        decl::<GapItem>(&cfg),
        decl::<DataFormat>(&cfg),
        decl::<ImageFormat>(&cfg),
        decl::<ViewState>(&cfg),
        decl::<NodePos>(&cfg),
        decl::<KindStyle>(&cfg),
        decl::<Shape>(&cfg),
        decl::<LabelPos>(&cfg),
        decl::<LegendItem>(&cfg),
        decl::<SceneNode>(&cfg),
        decl::<SceneEdge>(&cfg),
        decl::<Scene>(&cfg),
    ] {
        out.push_str(&d);
        out.push('\n');
    }
    out
}

#[test]
fn bindings_are_fresh() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
    let fresh = generate();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test --test bindings` and commit"
    );
}

#[test]
fn bindings_name_every_type_once() {
    let fresh = generate();
    for name in ["NodeKind", "Overview", "Scene", "ViewState", "ApiError"] {
        let n = fresh.matches(&format!("export type {name} ")).count();
        assert_eq!(n, 1, "{name} declared {n} times");
    }
}
