//! docmend's integration tests: one binary, modules by area.

mod batch;
mod cli;
mod common;
mod engine;
mod hostile;
mod props;
mod sample;
mod tools;
