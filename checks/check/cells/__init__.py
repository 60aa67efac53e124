"""Value rules: one module per kind of value, each exposing `CellCheck`s."""
