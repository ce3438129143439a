//! Starts the browser app.

fn main() {
    klachten_frontend::start();
}
