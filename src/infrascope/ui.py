"""The browser app: layout, thin callbacks and launch. The only module that imports gradio.

One Assistant (models loaded once) serves every browser tab; each tab's conversation lives in its own
gr.State. Callbacks only translate between components and ui_state / ui_render, where the logic is
tested without a browser. The page loads nothing from the internet (local fonts, no analytics, no
share link), and the chat is also an HTTP endpoint: `api_name="ask"` returns the Answer as JSON.
"""

from __future__ import annotations

import os
import threading

# Must be set before gradio is imported: it decides at import whether to phone home.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from . import ui_render as R  # noqa: E402
from . import ui_state as S  # noqa: E402
from .uploads import UploadError, UploadPolicy, save_uploads  # noqa: E402

CSS = """
.gradio-container { max-width: 1500px !important; width: 100%; margin: 0 auto; }
#docs table, #docs th, #docs td { font-family: var(--font); font-size: .88rem; }
#brand h1 { font-size: 1.35rem; margin: 0; } #brand p { margin: 2px 0 0; opacity: .7; font-size: .9rem; }
#chat .understood { font-size: .85em; opacity: .75; font-style: italic; margin-bottom: .4em; }
#chat .refused { font-weight: 600; margin-bottom: .3em; }
#chat .note { font-size: .85em; padding: .35em .6em; border-radius: 6px; margin-top: .5em;
  background: rgba(245, 158, 11, .12); border-left: 3px solid #f59e0b; }
#chat .note.error { background: rgba(239, 68, 68, .10); border-left-color: #ef4444; }
#chat .pending { opacity: .6; font-style: italic; }
a.cite, a[href^="#src-"] { text-decoration: none; font-weight: 600; font-size: .8em; vertical-align: super;
  padding: 0 2px; border-radius: 4px; color: var(--color-accent) !important; }
a.cite:hover { background: var(--color-accent-soft); }
#sources { max-height: 76vh; overflow-y: auto; padding-right: 4px; }
.sources-for { font-size: .85rem; opacity: .8; margin: 2px 0 10px; }
.sources-empty { opacity: .65; font-size: .9rem; padding: 18px 6px; }
.src-card { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 10px 12px;
  margin-bottom: 10px; background: var(--block-background-fill); transition: box-shadow .3s; }
.src-card.flash { box-shadow: 0 0 0 3px var(--color-accent); }
.src-card.minor { opacity: .9; }
.src-head { display: flex; gap: 8px; align-items: baseline; }
.src-n { flex: none; min-width: 1.5em; text-align: center; font-weight: 700; font-size: .8rem;
  border-radius: 6px; background: var(--color-accent); color: white; padding: 1px 5px; }
.src-title { font-weight: 600; line-height: 1.3; }
.src-meta { font-size: .8rem; opacity: .75; margin: 3px 0 6px; }
.src-file { font-family: var(--font-mono); }
.src-passage { font-size: .88rem; line-height: 1.5; }
.src-passage mark { background: #fde68a; color: #1f2937; padding: 0 1px; border-radius: 2px; }
.more-passages summary { cursor: pointer; font-size: .9rem; margin: 6px 0 10px; }
.notice { padding: 10px 14px; border-radius: 8px; margin: 4px 0; font-size: .95rem; }
.notice.info { background: var(--color-accent-soft); } .notice.warn { background: rgba(245, 158, 11, .15); }
.notice.error { background: rgba(239, 68, 68, .12); }
"""

# A click on [n] scrolls its card into view and flashes it; when it belongs to an earlier answer the
# chat's select event swaps the panel first, so keep looking for the card for a moment.
HEAD = """<script>
document.addEventListener('click', function (ev) {
  var a = ev.target.closest ? ev.target.closest('a[href^="#src-"]') : null;
  if (!a) return;
  ev.preventDefault();
  var id = a.getAttribute('href').slice(1), tries = 0;
  (function go() {
    var el = document.getElementById(id);
    if (el) { el.scrollIntoView({behavior: 'smooth', block: 'nearest'});
              el.classList.remove('flash'); void el.offsetWidth; el.classList.add('flash'); }
    else if (tries++ < 20) setTimeout(go, 150);
  })();
}, true);
</script>"""

PLACEHOLDER = ("**Ask about the filings, policy papers and articles in the library.**<br>Every answer quotes "
               "its sources (shown on the right); follow-ups such as “and in the next quarter?” use the "
               "conversation.")
FILE_TYPES = [".pdf", ".html", ".htm", ".md", ".markdown", ".txt", ".text"]


def build_app(assistant) -> gr.Blocks:
    settings = assistant.settings
    policy = UploadPolicy.from_settings(settings)
    files = S.indexed_files(assistant)
    choices = S.filter_choices(files)

    # -- callbacks: each translates components <-> ui_state ------------------------------------
    def on_ask(question, session, k, mode, sources, company, doc_type, since, until):
        try:
            filters = S.make_filters(sources, company, doc_type, since, until)
        except ValueError as exc:
            gr.Warning(str(exc))
            yield session.messages(), question, gr.skip(), session
            return
        if not (question or "").strip():
            yield session.messages(), "", gr.skip(), session
            return
        for session in S.ask_steps(assistant, session, question, k=int(k), mode=mode, filters=filters):
            yield session.messages(), "", gr.skip(), session
        yield session.messages(), "", R.sources_html(session.selected_answer()), session

    def after_answer(session):
        pages = S.page_choices(session.selected_answer())
        first = pages[0][1] if pages else None
        return (gr.update(visible=bool(pages)), gr.update(choices=pages, value=first), on_page(first),
                str(S.export_file(session)) if session.exchanges else None)

    def on_page(value):
        return S.render_page(settings.corpus_dir, S.indexed_files(assistant), value)

    def on_select(session, evt: gr.SelectData):
        if not session.select_message(int(evt.index if not isinstance(evt.index, list) else evt.index[0])):
            return gr.skip(), session
        return R.sources_html(session.selected_answer()), session

    def on_example(evt: gr.SelectData):
        return evt.value["text"]

    def on_new():
        return [], R.sources_html(None), gr.update(visible=False), None, None, S.Session()

    def refresh_library():
        view = S.library_view(settings)
        c = S.filter_choices(S.indexed_files(assistant))
        return (view.stats, view.notice, view.rows, view.failures, gr.update(choices=c["sources"]),
                gr.update(choices=c["companies"]), gr.update(choices=c["doc_types"]),
                gr.update(value=view.notice, visible=bool(view.notice)))

    def on_rebuild(progress=gr.Progress()):
        progress(0, desc="Scanning the corpus…")
        return S.rebuild(assistant, _progress_fn(progress))

    def on_add(paths, progress=gr.Progress()):
        pairs = [(os.path.basename(getattr(p, "orig_name", None) or str(p)), str(p)) for p in (paths or [])]
        try:
            result = save_uploads(pairs, settings.corpus_dir, policy)
        except UploadError as exc:
            return R.notice_html(str(exc), "error"), None
        text = R.upload_markdown(result.saved, result.unchanged, result.refused)
        if result.anything_new:
            progress(0, desc="Indexing the new files…")
            text += "\n\n" + S.rebuild(assistant, _progress_fn(progress))
        return text, None

    def ask_api(question: str, k: int | None = None, mode: str | None = None) -> dict:
        """Answer one standalone question from the indexed documents; returns the Answer as JSON."""
        try:
            return S.ask_json(assistant, question, k, mode)
        except ValueError as exc:
            raise gr.Error(str(exc)) from None

    # -- layout --------------------------------------------------------------------------------
    with gr.Blocks(title="infrascope", analytics_enabled=False, fill_width=True) as demo:
        session = gr.State(S.Session())
        gr.HTML("<h1>infrascope</h1><p>Answers from your AI-infrastructure documents, each claim quoted "
                "from its source, or an honest “not in the documents”.</p>", elem_id="brand")
        banner = gr.HTML(R.notice_html(S.NO_INDEX_HELP.replace("**", ""), "warn"), visible=not files,
                         elem_id="banner")
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=6):
                        chatbot = gr.Chatbot(
                            elem_id="chat", height="68vh", show_label=False, feedback_options=None,
                            examples=[{"text": q} for q in S.example_questions(files)],
                            placeholder=PLACEHOLDER)
                        with gr.Row():
                            question = gr.Textbox(show_label=False, placeholder="Ask a question…", scale=8,
                                                  elem_id="question", autofocus=True, max_lines=4)
                            ask_btn = gr.Button("Ask", variant="primary", scale=1, min_width=80,
                                                elem_id="ask")
                        with gr.Accordion("Filters and answer options", open=False, elem_id="options"):
                            with gr.Row():
                                source = gr.Dropdown(choices["sources"], multiselect=True, value=[],
                                                     label="Source folder or document", scale=3)
                                company = gr.Dropdown(choices["companies"], value=None, label="Company")
                                doc_type = gr.Dropdown(choices["doc_types"], value=None,
                                                       label="Document type")
                            with gr.Row():
                                since = gr.Textbox(label="From date", placeholder="YYYY-MM-DD", max_lines=1)
                                until = gr.Textbox(label="To date", placeholder="YYYY-MM-DD", max_lines=1)
                                mode = gr.Radio(S.mode_choices(settings), value="extractive",
                                                label="Answer mode", scale=2)
                                k = gr.Slider(1, 30, value=settings.retrieval.k, step=1, label="Passages")
                        with gr.Row():
                            new_btn = gr.Button("New conversation", size="sm")
                            export_btn = gr.DownloadButton("Export conversation (Markdown)", size="sm",
                                                           elem_id="export")
                    with gr.Column(scale=5):
                        sources = gr.HTML(R.sources_html(None), elem_id="sources")
                        with gr.Accordion("Cited PDF page", open=False, visible=False,
                                          elem_id="page-viewer") as page_box:
                            page_pick = gr.Dropdown([], label="Show the cited PDF page", value=None)
                            page_img = gr.Image(type="pil", format="png", show_label=False, interactive=False,
                                                buttons=["fullscreen"], height=520)
            with gr.Tab("Library", id="library") as library_tab:
                lib_stats = gr.Markdown(elem_id="lib-stats")
                lib_notice = gr.HTML()
                with gr.Row(equal_height=False):
                    with gr.Column(scale=2):
                        upload = gr.File(file_count="multiple", file_types=FILE_TYPES, elem_id="upload",
                                         height=170,
                                         label=f"Add documents (PDF, HTML, Markdown, text; up to "
                                               f"{policy.max_files} files of {policy.max_bytes // 2**20} MB)")
                        add_btn = gr.Button("Add to corpus and index", variant="primary", elem_id="add")
                    with gr.Column(scale=3):
                        rebuild_btn = gr.Button("Build / update index", elem_id="rebuild")
                        report = gr.Markdown(elem_id="report")
                docs = gr.Dataframe(headers=R.LIBRARY_HEADERS, interactive=False, elem_id="docs",
                                    label="Indexed documents", wrap=True, max_height=560,
                                    show_search="search",
                                    column_widths=["30%", "30%", "7%", "13%", "9%", "5%", "6%"])
                failures = gr.Dataframe(headers=R.FAILURE_HEADERS, interactive=False, label="Not indexed",
                                        wrap=True)

        # -- events -------------------------------------------------------------------------------
        ask_inputs = [question, session, k, mode, source, company, doc_type, since, until]
        ask_outputs = [chatbot, question, sources, session]
        after = dict(fn=after_answer, inputs=session, outputs=[page_box, page_pick, page_img, export_btn])
        for trigger in (question.submit, ask_btn.click):
            trigger(on_ask, ask_inputs, ask_outputs, concurrency_id="ask", concurrency_limit=4,
                    api_visibility="private").then(**after)
        chatbot.example_select(on_example, None, question, api_visibility="private") \
            .then(on_ask, ask_inputs, ask_outputs, concurrency_id="ask", api_visibility="private") \
            .then(**after)
        chatbot.select(on_select, session, [sources, session], api_visibility="private").then(**after)
        page_pick.input(on_page, page_pick, page_img, api_visibility="private")
        new_btn.click(on_new, None, [chatbot, sources, page_box, page_img, export_btn, session],
                      api_visibility="private")
        lib_outputs = [lib_stats, lib_notice, docs, failures, source, company, doc_type, banner]
        demo.load(refresh_library, None, lib_outputs, api_visibility="private")
        library_tab.select(refresh_library, None, lib_outputs, api_visibility="private")
        rebuild_btn.click(on_rebuild, None, report, concurrency_id="build", api_visibility="private") \
            .then(refresh_library, None, lib_outputs)
        add_btn.click(on_add, upload, [report, upload], concurrency_id="build", api_visibility="private") \
            .then(refresh_library, None, lib_outputs)
        gr.api(ask_api, api_name="ask", concurrency_id="ask")
    return demo


def _progress_fn(progress):
    def on_progress(done: int, total: int, path: str) -> None:
        progress((done, max(total, 1)), desc=f"Indexing {path}" if path else "Publishing the new index…",
                 unit="files")
    return on_progress


def theme() -> gr.themes.Base:
    # System fonts only: nothing is fetched (no Google Fonts), and the page reads like the user's OS.
    system = ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial",
              "sans-serif"]
    mono = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"]
    return gr.themes.Default(primary_hue="indigo", neutral_hue="slate", radius_size="md", font=system,
                             font_mono=mono)


def launch(assistant, *, host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None,
           block: bool = True):
    demo = build_app(assistant)
    # the model loads while the server starts, not when the first question is asked
    threading.Thread(target=assistant.warm_up, name="warm-up", daemon=True).start()
    demo.queue(default_concurrency_limit=1)
    demo.launch(server_name=host, server_port=port, auth=auth, share=False, prevent_thread_lock=not block,
                theme=theme(), css=CSS, head=HEAD, footer_links=["api"], ssr_mode=False, pwa=False,
                mcp_server=False, show_error=True, max_file_size=UploadPolicy.from_settings(
                    assistant.settings).max_bytes, quiet=False)
    return demo
