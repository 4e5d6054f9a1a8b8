"""Every way data comes in and goes out: the canonical reader (`canonical`), readers of other tools' exports
(`networkcanvas`, `graphml`, `egor`) mapped by `mapping`, and the writers (`export`)."""
