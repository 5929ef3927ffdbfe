// Rich-text body: a contentEditable with a small toolbar (bold, italic, underline, lists, link, quote,
// clear formatting) and the usual shortcuts (Ctrl+B/I/U, Ctrl+K link, Ctrl+Shift+7/8 lists). Pasted HTML
// goes through the composer's DOMPurify policy; French spell checking.
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LinkIcon } from './icons';
import { sanitizeComposeHtml } from './sanitize-compose';

export interface RichEditorHandle {
  html: () => string;
  focus: () => void;
  /** Replaces the signature block (class mss-signature) or appends one. */
  setSignature: (html: string) => void;
}

interface Props {
  initialHtml: string;
  onInput: () => void;
  label: string;
}

type Cmd = 'bold' | 'italic' | 'underline' | 'insertUnorderedList' | 'insertOrderedList';

// execCommand is deprecated but remains the only editing primitive that keeps the browser's undo stack.
const exec = (cmd: string, value?: string) => document.execCommand(cmd, false, value);

export const RichEditor = forwardRef<RichEditorHandle, Props>(function RichEditor({ initialHtml, onInput, label }, ref) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<Record<Cmd, boolean>>({ bold: false, italic: false, underline: false, insertUnorderedList: false, insertOrderedList: false });
  const [linkOpen, setLinkOpen] = useState(false);
  const [linkUrl, setLinkUrl] = useState('https://');
  const savedRange = useRef<Range | null>(null);
  const toolbarRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (el.current) el.current.innerHTML = sanitizeComposeHtml(initialHtml);
    exec('defaultParagraphSeparator', 'div');
    // Only on mount: the editor owns its DOM afterwards.
  }, []);

  const refresh = useCallback(() => {
    const sel = document.getSelection();
    if (!sel || !el.current || !sel.anchorNode || !el.current.contains(sel.anchorNode)) return;
    setState({
      bold: document.queryCommandState('bold'),
      italic: document.queryCommandState('italic'),
      underline: document.queryCommandState('underline'),
      insertUnorderedList: document.queryCommandState('insertUnorderedList'),
      insertOrderedList: document.queryCommandState('insertOrderedList'),
    });
  }, []);
  useEffect(() => {
    document.addEventListener('selectionchange', refresh);
    return () => document.removeEventListener('selectionchange', refresh);
  }, [refresh]);

  useImperativeHandle(ref, () => ({
    html: () => el.current?.innerHTML ?? '',
    focus: () => {
      const node = el.current;
      if (!node) return;
      node.focus();
      const range = document.createRange();
      range.setStart(node, 0);
      range.collapse(true);
      const sel = document.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
    },
    setSignature: (html: string) => {
      const node = el.current;
      if (!node) return;
      const clean = sanitizeComposeHtml(html);
      let block = node.querySelector<HTMLElement>('.mss-signature');
      if (!clean) {
        block?.remove();
        return;
      }
      if (!block) {
        block = document.createElement('div');
        block.className = 'mss-signature';
        const quote = node.querySelector('blockquote, .mss-quote');
        node.insertBefore(block, quote ? quote.closest('.mss-quote') ?? quote : null);
      }
      block.innerHTML = `-- <br>${clean}`;
    },
  }));

  const run = (cmd: Cmd | 'removeFormat' | 'formatBlock') => {
    el.current?.focus();
    if (cmd === 'formatBlock') exec('formatBlock', 'blockquote');
    else exec(cmd);
    refresh();
    onInput();
  };

  const openLink = () => {
    const sel = document.getSelection();
    savedRange.current = sel && sel.rangeCount && el.current?.contains(sel.anchorNode) ? sel.getRangeAt(0).cloneRange() : null;
    setLinkUrl('https://');
    setLinkOpen(true);
  };
  const applyLink = () => {
    const url = linkUrl.trim();
    setLinkOpen(false);
    el.current?.focus();
    const sel = document.getSelection();
    if (savedRange.current && sel) {
      sel.removeAllRanges();
      sel.addRange(savedRange.current);
    }
    if (!/^(https:\/\/|mailto:)\S+$/i.test(url)) return;
    if (sel && sel.isCollapsed) exec('insertHTML', `<a href="${url.replace(/"/g, '&quot;')}">${url.replace(/[<>&]/g, '')}</a>`);
    else exec('createLink', url);
    onInput();
  };

  // The toolbar is not in the Tab order (Tab goes from the subject straight to the text): Alt+F10
  // reaches it, as in most editors; arrows move within it, Échap goes back to the text.
  const onToolbarKey = (e: React.KeyboardEvent) => {
    const tools = Array.from(toolbarRef.current?.querySelectorAll<HTMLButtonElement>('button.tool') ?? []);
    const i = tools.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      tools[(i + (e.key === 'ArrowRight' ? 1 : tools.length - 1)) % tools.length]?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      el.current?.focus();
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (e.altKey && e.key === 'F10') {
      e.preventDefault();
      toolbarRef.current?.querySelector<HTMLButtonElement>('button.tool')?.focus();
    } else if (mod && !e.shiftKey && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      openLink();
    } else if (mod && e.shiftKey && (e.key === '7' || e.key === '&' || e.code === 'Digit7')) {
      e.preventDefault();
      run('insertOrderedList');
    } else if (mod && e.shiftKey && (e.key === '8' || e.key === '_' || e.code === 'Digit8')) {
      e.preventDefault();
      run('insertUnorderedList');
    }
  };

  const onPaste = (e: React.ClipboardEvent) => {
    const html = e.clipboardData.getData('text/html');
    e.preventDefault();
    if (html) exec('insertHTML', sanitizeComposeHtml(html));
    else exec('insertText', e.clipboardData.getData('text/plain'));
    onInput();
  };

  const tool = (cmd: Cmd, text: string, title: string, cls: string) => (
    <button
      type="button"
      tabIndex={-1}
      className={`tool ${cls}`}
      aria-pressed={state[cmd]}
      title={title}
      aria-label={title}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => run(cmd)}
    >
      {text}
    </button>
  );

  return (
    <div className="editor">
      <div className="editor__toolbar" role="toolbar" aria-label={`${t('compose.editor.toolbar')} (Alt+F10)`} ref={toolbarRef} onKeyDown={onToolbarKey}>
        {tool('bold', t('compose.editor.glyph.bold'), t('compose.editor.bold'), 'tool--bold')}
        {tool('italic', t('compose.editor.glyph.italic'), t('compose.editor.italic'), 'tool--italic')}
        {tool('underline', t('compose.editor.glyph.underline'), t('compose.editor.underline'), 'tool--underline')}
        <span className="editor__sep" aria-hidden="true" />
        {tool('insertUnorderedList', '•', t('compose.editor.bullets'), '')}
        {tool('insertOrderedList', '1.', t('compose.editor.numbers'), '')}
        <button type="button" tabIndex={-1} className="tool" title={t('compose.editor.quote')} aria-label={t('compose.editor.quote')} onMouseDown={(e) => e.preventDefault()} onClick={() => run('formatBlock')}>
          “ ”
        </button>
        <button type="button" tabIndex={-1} className="tool" title={t('compose.editor.link')} aria-label={t('compose.editor.link')} onMouseDown={(e) => e.preventDefault()} onClick={openLink} data-testid="editor-link">
          <LinkIcon />
        </button>
        <button type="button" tabIndex={-1} className="tool" title={t('compose.editor.clear')} aria-label={t('compose.editor.clear')} onMouseDown={(e) => e.preventDefault()} onClick={() => run('removeFormat')}>
          T̸
        </button>
        {linkOpen && (
          <form
            className="editor__link"
            onSubmit={(e) => {
              e.preventDefault();
              applyLink();
            }}
          >
            <label>
              <span className="visually-hidden">{t('compose.editor.linkUrl')}</span>
              <input
                type="url"
                value={linkUrl}
                autoFocus
                onChange={(e) => setLinkUrl(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') {
                    e.preventDefault();
                    e.stopPropagation();
                    setLinkOpen(false);
                    el.current?.focus();
                  }
                }}
                aria-label={t('compose.editor.linkUrl')}
              />
            </label>
            <button type="submit" className="button button--small">
              {t('compose.editor.linkApply')}
            </button>
          </form>
        )}
      </div>
      <div
        ref={el}
        className="editor__body"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        spellCheck
        lang="fr"
        onInput={onInput}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        data-testid="compose-body"
      />
    </div>
  );
});
