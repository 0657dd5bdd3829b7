//! docmend's integration tests: one binary, modules by area.

mod cli;
mod common;
mod engine;
mod sample;
mod tools;
