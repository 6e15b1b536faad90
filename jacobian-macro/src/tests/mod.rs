//! Unit tests of the whole expansion: fuzzing for panics (`fuzz`, with its
//! inputs from `corpus`, `gen` and `grammar`) and expansion snapshots (`snapshots`).

mod corpus;
mod fuzz;
mod gen;
mod grammar;
mod snapshots;
