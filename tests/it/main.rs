//! docmend's integration tests: one binary, modules by area.

mod cli;
mod common;
mod sample;
mod tools;
