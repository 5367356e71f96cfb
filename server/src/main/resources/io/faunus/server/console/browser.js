// The browser: databases (entering one scopes the secret to it), their collections, a collection's indexes,
// and its documents a page at a time. Every list is a Set page; "Next" follows its cursor with
// Set.paginate(after), so pages come from the snapshot the first one was read at.

const MAX_PAGE_SIZE = 1000;

/** One paged list: a first-page query, then its cursors. */
class Pager {
  constructor(list, controls, render, onError) {
    this.list = list;
    this.controls = controls;
    this.render = render;
    this.onError = onError;
    this.pages = 0;
  }

  async first(api, fql, args) {
    this.api = api;
    this.firstQuery = [fql, args];
    this.pages = 0;
    await this.show(await api.query(fql, args));
  }

  async next() {
    await this.show(await this.api.query('Set.paginate(after)', { after: this.after }));
  }

  async show(answer) {
    this.list.replaceChildren();
    this.controls.replaceChildren();
    if (!answer.ok) {
      this.onError(`${answer.body.error.code}: ${answer.body.error.message}`);
      return;
    }
    this.pages += 1;
    const page = answer.body.data;
    for (const item of page.data) this.list.append(this.render(item));
    this.after = page.after;
    const label = document.createElement('span');
    label.className = 'hint';
    label.textContent = `page ${this.pages}, ${page.data.length} item${page.data.length === 1 ? '' : 's'}`;
    this.controls.append(label);
    if (this.pages > 1) this.controls.append(button('First page', () => this.first(this.api, ...this.firstQuery)));
    if (page.after) this.controls.append(button('Next page', () => this.next(), 'next'));
  }
}

function button(text, onClick, role) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  if (role) b.dataset.role = role;
  b.addEventListener('click', onClick);
  return b;
}

function pick(text, onClick) {
  const li = document.createElement('li');
  li.append(button(text, onClick));
  return li;
}

export class Browser {
  constructor(api, el) {
    this.root = api;
    this.el = el;
    this.path = [];
    const error = (m) => this.error(m);
    this.databases = new Pager(el.databases, el.databasesPager, (name) => pick(name, () => this.enter([...this.path, name])), error);
    this.collections = new Pager(el.collections, el.collectionsPager, (name) => pick(name, () => this.open(name)), error);
    this.documents = new Pager(el.documents, el.documentsPager, (doc) => {
      const li = document.createElement('li');
      const pre = document.createElement('pre');
      pre.textContent = JSON.stringify(doc, null, 2);
      li.append(pre);
      return li;
    }, error);
    el.up.addEventListener('click', () => this.enter(this.path.slice(0, -1)));
  }

  api() {
    return this.root.scoped(this.path);
  }

  error(message) {
    this.el.error.hidden = false;
    this.el.error.textContent = message;
  }

  /** Shows the databases and collections of a database (path below the secret's own). */
  async enter(path) {
    if (path.length > 0 && !this.root.canScope()) {
      this.error('This secret is already scoped; log in with an unscoped one to enter child databases.');
      return;
    }
    this.path = path;
    this.el.error.hidden = true;
    this.el.path.textContent = path.length === 0 ? '(the secret\'s own)' : path.join('/');
    this.el.up.hidden = path.length === 0;
    this.el.indexes.textContent = '';
    this.el.collName.textContent = '';
    this.el.documents.replaceChildren();
    this.el.documentsPager.replaceChildren();
    await this.databases.first(this.api(), 'Database.all().map(d => d.name).pageSize(50)');
    await this.collections.first(this.api(), 'Collection.all().map(c => c.name).pageSize(50)');
  }

  /** A collection: its index definitions and its first page of documents. */
  async open(name) {
    this.el.error.hidden = true;
    this.el.collName.textContent = `of ${name}`;
    const def = await this.api().query('Collection.byName(name) { indexes, constraints }', { name });
    this.el.indexes.textContent = def.ok ? JSON.stringify(def.body.data.indexes ?? {}, null, 2) : '';
    const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(this.el.pageSize.value) || 10));
    await this.documents.first(this.api(), 'Collection(name).all().pageSize(size)', { name, size });
  }
}
