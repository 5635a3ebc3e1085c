// OpenAgent chat page: the WebSocket protocol of docs/web-host.md, with no build step.
import { marked } from './vendor/marked/marked.esm.js';
import hljs from './vendor/highlight/highlight.min.js';

const $ = (id) => document.getElementById(id);
const state = {
  id: null, socket: null, running: false, closing: false, retry: 500,
  key: sessionStorage.getItem('openagent-key'), reply: null, replyText: '', pendingTools: [],
  totals: { input: 0, output: 0 }, agents: new Map(), jobs: [],
};

// ---- Markdown, safely: raw HTML is shown as text, links only to http(s), mailto or in-page. ----
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
marked.use({
  gfm: true,
  renderer: {
    html(token) { return escapeHtml(token.text ?? token.raw ?? ''); },
    link(token) {
      const text = this.parser.parseInline(token.tokens);
      const href = /^(https?:|mailto:|#)/i.test(token.href) ? token.href : '#';
      return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${text}</a>`;
    },
    image(token) { return escapeHtml(`[image: ${token.text || token.href}]`); },
  },
});
function renderMarkdown(element, text) {
  element.innerHTML = marked.parse(text);
  element.querySelectorAll('pre code').forEach((block) => hljs.highlightElement(block));
}

// ---- HTTP ----
async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (state.key) headers.Authorization = `Bearer ${state.key}`;
  let response;
  try {
    response = await fetch(path, { ...options, headers });
  } catch {
    showBanner('The OpenAgent host is not reachable. Is it running? Retrying when you try again.');
    setStatus('offline', 'bad');
    throw new Error('unreachable');
  }
  if (response.status === 401) { askForKey(); throw new Error('unauthorized'); }
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw new Error(body?.error || `HTTP ${response.status}`);
  hideBanner();
  return body;
}

function showBanner(text, kind = '') {
  const banner = $('banner');
  banner.className = `banner ${kind}`;
  banner.textContent = text;
  banner.hidden = false;
}
function hideBanner() { $('banner').hidden = true; }
function setStatus(text, kind) { const s = $('status'); s.textContent = text; s.className = `status ${kind}`; }

function askForKey() {
  const banner = $('banner');
  banner.className = 'banner';
  banner.hidden = false;
  banner.innerHTML = '';
  const form = document.createElement('form');
  form.innerHTML = '<label>This host needs an API key: <input type="password" id="key-input" autocomplete="off"></label> <button class="primary">Use key</button>';
  form.onsubmit = (e) => {
    e.preventDefault();
    state.key = $('key-input').value.trim();
    sessionStorage.setItem('openagent-key', state.key);
    hideBanner();
    start();
  };
  banner.append(form);
  setStatus('key needed', 'bad');
  $('key-input').focus();
}

// ---- Messages ----
function addMessage(kind, text, markdown = false) {
  const msg = document.createElement('div');
  msg.className = `msg ${kind}`;
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  if (markdown) renderMarkdown(bubble, text); else bubble.textContent = text;
  msg.append(bubble);
  $('messages').append(msg);
  scrollDown();
  return bubble;
}
function scrollDown() { const m = $('messages'); m.scrollTop = m.scrollHeight; }
// Streamed text is re-rendered at most once a frame; ending a reply renders what is left at once.
let frame = 0;
function flushReply() {
  if (frame) { cancelAnimationFrame(frame); frame = 0; }
  if (state.reply) { renderMarkdown(state.reply, state.replyText); scrollDown(); }
}
function endReply() { flushReply(); state.reply = null; state.replyText = ''; }
function appendReply(text) {
  if (!state.reply) state.reply = addMessage('assistant', '');
  state.replyText += text;
  if (!frame) frame = requestAnimationFrame(() => { frame = 0; flushReply(); });
}

function addTool(name, input, result) {
  endReply();
  const details = document.createElement('details');
  details.className = 'tool';
  details.dataset.tool = name;
  details.dataset.state = 'running';
  details.innerHTML = '<summary><span class="name"></span><span class="state">running…</span></summary><div class="label">input</div><pre class="input"></pre>';
  details.querySelector('.name').textContent = name;
  details.querySelector('.input').textContent = JSON.stringify(input, null, 2);
  const msg = document.createElement('div');
  msg.className = 'msg tool';
  msg.append(details);
  $('messages').append(msg);
  if (result === undefined) state.pendingTools.push(details); else setToolResult(details, result);
  scrollDown();
  return details;
}
function setToolResult(details, result) {
  const label = document.createElement('div');
  label.className = 'label';
  label.textContent = 'result';
  const pre = document.createElement('pre');
  pre.className = 'result';
  pre.textContent = result;
  details.append(label, pre);
  const failed = String(result).startsWith('Error:');
  details.dataset.state = failed ? 'error' : 'done';
  details.querySelector('.state').textContent = failed ? 'error' : 'done';
}

function approvalCard(tools) {
  endReply();
  const card = document.createElement('div');
  card.className = 'msg';
  const call = tools[0];
  card.innerHTML = '<div class="card approval" role="group" aria-label="Tool approval"><h3>Allow <code class="tool-name"></code>?</h3><pre class="args"></pre><div class="buttons"><button class="primary" data-d="approve">Approve</button><button data-d="deny">Deny</button><button data-d="auto_approve">Approve the rest</button></div></div>';
  card.querySelector('.tool-name').textContent = call.name;
  card.querySelector('.args').textContent = JSON.stringify(call.input, null, 2);
  card.querySelectorAll('button').forEach((button) => button.onclick = () => {
    send({ type: 'tool_approval_response', decision: button.dataset.d, id: call.id });
    card.querySelector('.card').classList.add('resolved');
    card.querySelectorAll('button').forEach((b) => b.disabled = true);
  });
  $('messages').append(card);
  card.querySelector('button.primary').focus();
  scrollDown();
}

function planCard(plan) {
  endReply();
  const card = document.createElement('div');
  card.className = 'msg';
  card.innerHTML = '<div class="card plan" role="group" aria-label="Plan review"><h3>Plan ready for review</h3><div class="bubble plan-text"></div><textarea rows="2" placeholder="What should change? (for Reject)" aria-label="Plan feedback"></textarea><div class="buttons"><button class="primary" data-d="approve">Approve and run</button><button data-d="reject">Reject</button></div></div>';
  renderMarkdown(card.querySelector('.plan-text'), plan || '(no plan text)');
  card.querySelectorAll('button').forEach((button) => button.onclick = () => {
    const feedback = card.querySelector('textarea').value.trim();
    send({ type: 'plan_approval', decision: button.dataset.d, feedback });
    card.querySelector('.card').classList.add('resolved');
    card.querySelectorAll('button, textarea').forEach((b) => b.disabled = true);
    if (button.dataset.d === 'approve' || feedback) setRunning(true);
  });
  $('messages').append(card);
  scrollDown();
}

// ---- Side panel ----
function renderChecklist(list, items, text) {
  list.innerHTML = '';
  if (!items.length) { list.innerHTML = '<li class="muted">None yet.</li>'; return; }
  for (const item of items) {
    const li = document.createElement('li');
    li.className = item.status;
    li.textContent = `${item.status === 'completed' ? '☑' : item.status === 'in_progress' ? '▶' : '☐'} ${text(item)}`;
    list.append(li);
  }
}
function renderAgents() {
  const list = $('agents');
  list.innerHTML = '';
  if (!state.agents.size) { list.innerHTML = '<li class="muted">None yet.</li>'; return; }
  for (const [, line] of state.agents) { const li = document.createElement('li'); li.textContent = line; list.append(li); }
}
function renderJobs() {
  const list = $('jobs');
  list.innerHTML = '';
  if (!state.jobs.length) { list.innerHTML = '<li class="muted">None yet.</li>'; return; }
  for (const job of state.jobs) { const li = document.createElement('li'); li.textContent = `${job.task_id ?? ''} ${job.status}: ${String(job.result ?? '').slice(0, 80)}`; list.append(li); }
}
function setUsage() { $('usage').textContent = `${state.totals.input.toLocaleString()} in · ${state.totals.output.toLocaleString()} out tokens`; }

async function loadFiles() {
  if (!state.id) return;
  const files = await api(`/api/workspace/files?conversation_id=${state.id}`).catch(() => []);
  const list = $('files');
  list.innerHTML = '';
  if (!files.length) { list.innerHTML = '<li class="muted">No files yet.</li>'; return; }
  for (const file of files) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.textContent = file.path;
    button.onclick = () => preview(file.path);
    li.append(button);
    list.append(li);
  }
}
async function preview(path) {
  const data = await api(`/api/workspace/file/${path.split('/').map(encodeURIComponent).join('/')}?conversation_id=${state.id}`);
  $('preview').hidden = false;
  $('preview-name').textContent = `${data.path} (${data.size.toLocaleString()} bytes${data.truncated ? ', truncated' : ''})`;
  const code = $('preview-code');
  code.className = '';
  if (data.binary) {
    code.innerHTML = '';
    const link = document.createElement('a');
    link.href = `/api/files/${state.id}/${data.path}`;
    link.textContent = 'Binary file: download';
    code.append(link);
  } else if (data.language && hljs.getLanguage(data.language)) {
    code.innerHTML = hljs.highlight(data.content, { language: data.language }).value;
    code.className = 'hljs';
  } else {
    code.textContent = data.content;
  }
}

// ---- Conversations ----
async function loadConversations() {
  const conversations = await api('/api/conversations');
  const list = $('conversations');
  list.innerHTML = '';
  for (const c of conversations) {
    const li = document.createElement('li');
    li.className = c.id === state.id ? 'active' : '';
    const link = document.createElement('a');
    link.href = `#${c.id}`;
    link.textContent = c.title || 'New conversation';
    link.title = `${c.title || 'New conversation'} (${c.message_count} messages)`;
    const remove = document.createElement('button');
    remove.className = 'icon';
    remove.textContent = '×';
    remove.setAttribute('aria-label', `Delete ${c.title || 'conversation'}`);
    remove.onclick = async () => {
      await api(`/api/conversations/${c.id}`, { method: 'DELETE' });
      if (c.id === state.id) { state.id = null; location.hash = ''; await newChat(); } else await loadConversations();
    };
    li.append(link, remove);
    list.append(li);
  }
  return conversations;
}

async function newChat() {
  const body = {
    preset: $('opt-preset').value || null,
    enable_teams: $('opt-teams').checked, enable_approval: $('opt-approval').checked,
    enable_plan_mode: $('opt-plan').checked, enable_tracing: $('opt-tracing').checked,
  };
  const { conversation_id } = await api('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  location.hash = conversation_id;
}

async function open(id) {
  if (state.socket) { state.closing = true; state.socket.close(); state.socket = null; }
  setStatus('connecting…', 'busy'); // not connected again until the new socket opens
  state.id = id;
  const detail = await api(`/api/conversations/${id}`).catch((e) => { showBanner(`Could not open the conversation: ${e.message}`); return null; });
  if (!detail) return;
  $('messages').innerHTML = '';
  endReply();
  state.pendingTools = [];
  state.agents.clear(); state.jobs = []; renderAgents(); renderJobs();
  renderChecklist($('todos'), [], () => ''); renderChecklist($('tasks'), [], () => '');
  const results = new Map();
  for (const m of detail.messages) for (const block of m.content) if (block.type === 'tool_result') results.set(block.tool_use_id, block.content);
  for (const m of detail.messages) {
    if (m.role === 'tool') continue;
    const text = m.content.filter((b) => b.type === 'text').map((b) => b.text).join('');
    if (m.role === 'user' && text) addMessage('user', text);
    if (m.role === 'assistant') {
      if (text) addMessage('assistant', text, true);
      for (const b of m.content) if (b.type === 'tool_use') addTool(b.name, b.input, results.get(b.id) ?? '(no result)');
    }
  }
  endReply();
  $('tg-plan').checked = detail.enable_plan_mode; $('tg-approval').checked = detail.enable_approval; $('tg-teams').checked = detail.enable_teams;
  state.totals = { input: detail.total_input_tokens, output: detail.total_output_tokens };
  setUsage();
  await Promise.all([loadConversations(), loadFiles()]);
  connect();
}

// ---- The socket ----
function connect() {
  const id = state.id;
  const token = state.key ? `?token=${encodeURIComponent(state.key)}` : '';
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/chat/${id}/ws${token}`);
  state.socket = socket;
  state.closing = false;
  setStatus('connecting…', 'busy');
  socket.onopen = () => { state.retry = 500; setStatus('connected', 'ok'); hideBanner(); };
  socket.onmessage = (message) => { try { handle(JSON.parse(message.data)); } catch (e) { console.error(e); } };
  socket.onclose = (event) => {
    if (state.socket !== socket) return;
    setRunning(false);
    if (state.closing) return;
    if (event.code === 4404) { showBanner('This conversation no longer exists.'); setStatus('closed', 'bad'); return; }
    if (event.code === 4409) showBanner('This conversation is open in another tab; retrying…', 'info');
    else showBanner('Connection lost — reconnecting…', 'info');
    setStatus('reconnecting…', 'busy');
    setTimeout(() => { if (state.id === id && !state.closing) open(id); }, state.retry);
    state.retry = Math.min(state.retry * 2, 10000);
  };
}
function send(message) {
  if (state.socket?.readyState === WebSocket.OPEN) { state.socket.send(JSON.stringify(message)); return true; }
  showBanner('Not connected: the message was not sent. Reconnecting…', 'info');
  return false;
}
function setRunning(running) {
  state.running = running;
  $('stop').hidden = !running;
  $('send').textContent = running ? 'Redirect' : 'Send';
  if (state.socket?.readyState === WebSocket.OPEN) setStatus(running ? 'working…' : 'connected', running ? 'busy' : 'ok');
}

function handle(e) {
  switch (e.type) {
    case 'text_delta': appendReply(e.content); break;
    case 'tool_call': addTool(e.tool, e.input); break;
    case 'tool_result': {
      const index = state.pendingTools.findIndex((d) => d.dataset.tool === e.tool);
      if (index >= 0) setToolResult(state.pendingTools.splice(index, 1)[0], e.result);
      break;
    }
    case 'tool_approval_request': approvalCard(e.tools); break;
    case 'tool_approval_result': addMessage('note', `${e.tools.join(', ')}: ${e.decision.replace('_', ' ')}`); break;
    case 'todo_update': renderChecklist($('todos'), e.todos, (t) => t.status === 'in_progress' ? t.activeForm : t.content); break;
    case 'task_update': renderChecklist($('tasks'), e.tasks, (t) => `#${t.id} ${t.subject}${t.owner ? ` (${t.owner})` : ''}`); break;
    case 'subagent_start': state.agents.set(e.subagent_id, `${e.agent_type} sub-agent: ${e.task} — working`); renderAgents(); addMessage('note', `Sub-agent (${e.agent_type}): ${e.task}`); break;
    case 'subagent_end': state.agents.set(e.subagent_id, `${e.agent_type} sub-agent — done (${e.tool_count} tools, ${e.elapsed}s)`); renderAgents(); break;
    case 'teammate_status': state.agents.set(`tm:${e.name}`, `${e.name} (${e.role}): ${e.status}`); renderAgents(); break;
    case 'background_result': state.jobs.push(...e.notifications); renderJobs(); break;
    case 'compact': addMessage('note', e.message); break;
    case 'plan_mode_changed': $('tg-plan').checked = e.enabled; break;
    case 'teams_changed': $('tg-teams').checked = e.enabled; break;
    case 'approval_changed': $('tg-approval').checked = e.enabled; break;
    case 'plan_ready': planCard(e.plan); break;
    case 'plan_approved': addMessage('note', 'Plan approved.'); break;
    case 'plan_rejected': addMessage('note', `Plan rejected${e.feedback ? `: ${e.feedback}` : '.'}`); break;
    case 'interrupted':
      endReply();
      state.totals.input += e.usage.input_tokens; state.totals.output += e.usage.output_tokens; setUsage();
      addMessage('note', 'Redirected.');
      break;
    case 'done':
      endReply();
      state.totals.input += e.usage.input_tokens; state.totals.output += e.usage.output_tokens; setUsage();
      setRunning(false);
      loadFiles(); loadConversations();
      break;
    case 'error':
      endReply();
      if (e.message === 'Cancelled') addMessage('note', 'Stopped.'); else addMessage('error', e.message);
      if (!/in progress|No tool approval/.test(e.message)) setRunning(false);
      loadFiles();
      break;
  }
}

// ---- Wiring ----
function submit() {
  const input = $('input');
  const text = input.value.trim();
  if (!text || !state.id) return;
  if (!send({ type: state.running ? 'interrupt' : 'message', content: text })) return;
  endReply();
  addMessage('user', text);
  input.value = '';
  setRunning(true);
}

async function start() {
  try {
    const health = await api('/health');
    $('model').textContent = health.model ? `· ${health.model}` : '';
    const presets = await api('/api/presets');
    $('opt-preset').innerHTML = presets.map((p) => `<option value="${escapeHtml(p.name)}" title="${escapeHtml(p.description)}">${escapeHtml(p.name)}</option>`).join('');
    const conversations = await loadConversations();
    const wanted = location.hash.slice(1);
    if (wanted) await open(wanted);
    else if (conversations.length) location.hash = conversations[0].id;
    else await newChat();
  } catch (e) {
    if (e.message !== 'unauthorized') setStatus('offline', 'bad');
  }
}

$('composer').onsubmit = (e) => { e.preventDefault(); submit(); };
$('input').onkeydown = (e) => { if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); } };
$('stop').onclick = () => send({ type: 'cancel' });
$('new-chat').onsubmit = (e) => { e.preventDefault(); newChat(); };
$('tg-plan').onchange = (e) => send({ type: 'toggle_plan_mode', enabled: e.target.checked });
$('tg-approval').onchange = (e) => send({ type: 'toggle_approval', enabled: e.target.checked });
$('tg-teams').onchange = (e) => send({ type: 'toggle_teams', enabled: e.target.checked });
$('preview-close').onclick = () => { $('preview').hidden = true; };
$('toggle-sidebar').onclick = () => $('sidebar').classList.toggle('open');
$('upload').onsubmit = async (e) => {
  e.preventDefault();
  const files = $('upload-input').files;
  if (!files.length || !state.id) return;
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  try {
    await api(`/api/workspace/upload?conversation_id=${state.id}`, { method: 'POST', body: form });
    $('upload-input').value = '';
    await loadFiles();
  } catch (err) {
    showBanner(`Upload failed: ${err.message}`);
  }
};
document.querySelectorAll('.tabs button').forEach((tab) => tab.onclick = () => {
  document.querySelectorAll('.tabs button').forEach((t) => t.setAttribute('aria-selected', String(t === tab)));
  document.querySelectorAll('.tab').forEach((panel) => panel.hidden = panel.id !== `tab-${tab.dataset.tab}`);
});
window.addEventListener('hashchange', () => { const id = location.hash.slice(1); if (id && id !== state.id) open(id); });
start();
