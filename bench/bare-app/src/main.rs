//! A bare Tauri 2 window showing one static list: the bench's floor for start-up and memory.
//! It does what Forum Desk's `main` does before opening its window (the same WebKit renderer
//! setting) and nothing else.

#![forbid(unsafe_code)]

fn main() {
    // Forum Desk sets this too (src-tauri/src/main.rs); without it the two would not be
    // measured alike.
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the bare app could not open its window");
}
