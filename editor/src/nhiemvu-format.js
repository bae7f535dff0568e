// Định dạng tệp của sổ theo dõi cho Decap CMS: đọc và ghi YAML đúng như sổ vẫn viết.
//
// Register file formats for Decap CMS. A file the form saves keeps everything the form did
// not change byte for byte (the schema modeline, comments, blank lines, flow lists, quoting,
// key order): the changes are spliced into the file's own text at the places the YAML parser
// reports (a changed value replaced where it stands, a new list item inserted after the last
// one, a new key after the key the schema puts before it), and a save without any change gives
// back the very bytes that were read. What cannot be spliced (items reordered, a value turned
// from text into a list) is merged into the parsed document instead, which keeps comments but
// may respace them. Either result is parsed again and must equal the form's data. New keys go where the schema puts them,
// new text is cleaned as `nhiemvu fix` would (NFC, single spaces) and written so that PyYAML
// reads back the same value (YAML 1.1: «yes», «15:00», «1_000» are quoted; dates stay plain).
//
// The shapes (key order, types, flow style, list identities, modelines, file paths) come from
// admin/nhiemvu-formats.json, generated from the JSON Schemas by generator/cms.py. The YAML
// library is passed in (`makeFormats(YAML, descriptors)`) so that Node tests use the same code.

export const SOURCE_KEY = '__nhiemvu_source';

// PyYAML's implicit resolvers (YAML 1.1), as generator/yamlsrc.py lists them.
const BOOL_OR_NULL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|<<|=)$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const TIMESTAMP = /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const STRINGIFY = { lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false, indentSeq: true };
const PARSE = { schema: 'core', keepSourceTokens: false };

/** True if PyYAML would not read `text`, written plain, as this very string. */
export function plainIsNotString(text) {
  return text === '' || BOOL_OR_NULL.test(text) || INT.test(text) || FLOAT.test(text) || TIMESTAMP.test(text);
}

/** Text as `nhiemvu fix` leaves it: NFC, no tab, single spaces, nothing at either end of a line. */
export function cleanText(value) {
  const text = value.normalize('NFC');
  const lines = text.split('\n').map(line => line.replace(/[ \t]+/g, ' ').trim());
  let out = lines.join('\n').replace(/^\n+|\n+$/g, '');
  if (text.endsWith('\n') && text.replace(/\n+$/, '').includes('\n')) out += '\n';
  return out;
}

/** The register's file name of a number: generator/paths.py slugify_number, letter for letter. */
export function slugifyNumber(number) {
  const folded = String(number)
    .replace(/\//g, '-')
    .replace(/Đ/g, 'D')
    .replace(/đ/g, 'd')
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '');
  const text = folded.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return text || 'van-ban';
}

/** `folder/<year of yearKey>/<slug of numberKey>.yaml`, or null if the data lacks them. */
export function registerPath(rule, data) {
  const number = data && data[rule.number];
  const date = data && data[rule.year];
  if (typeof number !== 'string' || !number.trim() || typeof date !== 'string' || !ISO_DATE.test(date)) {
    return null;
  }
  return `${rule.folder}/${date.slice(0, 4)}/${slugifyNumber(number.trim())}.${rule.extension}`;
}

function isEmpty(value) {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

export function makeFormats(YAML, descriptors) {
  const { Document, Pair, Scalar, YAMLMap, YAMLSeq, isMap, isSeq, isScalar, parseDocument } = YAML;

  function scalarFor(value, shape) {
    if (typeof value === 'string') {
      const text = cleanText(value);
      const node = new Scalar(text);
      const date = shape && shape.type === 'date' && ISO_DATE.test(text);
      if ((!date && plainIsNotString(text)) || text.includes('\n')) node.type = Scalar.QUOTE_DOUBLE;
      return node;
    }
    return new Scalar(value === undefined ? null : value);
  }

  function build(value, shape) {
    if (Array.isArray(value)) {
      const seq = new YAMLSeq();
      seq.flow = Boolean(shape && shape.flow);
      for (const item of value) seq.items.push(build(item, shape && shape.item));
      return seq;
    }
    if (value !== null && typeof value === 'object') {
      const map = new YAMLMap();
      map.flow = Boolean(shape && shape.flow);
      for (const key of orderedKeys(value, shape)) {
        if (isEmpty(value[key])) continue;
        map.items.push(new Pair(new Scalar(key), build(value[key], childShape(shape, key))));
      }
      return map;
    }
    return scalarFor(value, shape);
  }

  function childShape(shape, key) {
    return shape && shape.keys ? shape.keys[key] : undefined;
  }

  function orderedKeys(value, shape) {
    const known = shape && shape.keys ? Object.keys(shape.keys) : [];
    const keys = Object.keys(value).filter(k => k !== SOURCE_KEY);
    return [...known.filter(k => keys.includes(k)), ...keys.filter(k => !known.includes(k))];
  }

  function nodeValue(node) {
    return node && typeof node.toJSON === 'function' ? node.toJSON() : node;
  }

  function sameValue(a, b) {
    if (isEmpty(a) && isEmpty(b)) return true;
    if (Array.isArray(a) || Array.isArray(b)) {
      return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
    }
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter(k => k !== SOURCE_KEY));
      return [...keys].every(k => sameValue(a[k], b[k]));
    }
    if (typeof a === 'string' && typeof b === 'string') return a === b || cleanText(a) === cleanText(b);
    return a === b;
  }

  function merge(node, value, shape) {
    if (sameValue(nodeValue(node), value)) return node;
    if (Array.isArray(value) && isSeq(node)) return mergeSeq(node, value, shape);
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && isMap(node)) {
      return mergeMap(node, value, shape);
    }
    return build(value, shape);
  }

  function mergeMap(node, value, shape) {
    const kept = [];
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (!(key in value) || isEmpty(value[key])) {
        if (isEmpty(nodeValue(pair.value))) kept.push(pair); // `submitted_by: null` stays as written
        continue; // cleared in the form: the key goes
      }
      pair.value = merge(pair.value, value[key], childShape(shape, key));
      kept.push(pair);
    }
    node.items = kept;
    const order = orderedKeys(value, shape);
    for (const key of order) {
      if (isEmpty(value[key]) || node.items.some(p => (isScalar(p.key) ? p.key.value : p.key) === key)) continue;
      const pair = new Pair(new Scalar(key), build(value[key], childShape(shape, key)));
      // after the last present key that the schema puts before this one
      const before = order.slice(0, order.indexOf(key));
      let at = 0;
      node.items.forEach((p, i) => {
        if (before.includes(isScalar(p.key) ? p.key.value : p.key)) at = i + 1;
      });
      node.items.splice(at, 0, pair);
    }
    return node;
  }

  function mergeSeq(node, value, shape) {
    const itemShape = shape && shape.item;
    const identity = shape && shape.identity;
    const old = node.items;
    if (old.length === 0 && value.length > 0) node.flow = Boolean(shape && shape.flow); // `progress: []`
    const byId = new Map();
    if (identity) {
      for (const item of old) {
        const id = isMap(item) ? nodeValue(item)[identity] : undefined;
        if (id !== undefined && !byId.has(id)) byId.set(id, item);
      }
    }
    node.items = value.map((item, i) => {
      let previous;
      if (identity) {
        previous = item && typeof item === 'object' ? byId.get(item[identity]) : undefined;
        if (previous) byId.delete(item[identity]);
      } else {
        previous = old[i];
      }
      return previous ? merge(previous, item, itemShape) : build(item, itemShape);
    });
    return node;
  }


  // -- splicing changes into the file's text ------------------------------------------------

  class Unsupported extends Error {}

  function keyOf(pair) {
    return isScalar(pair.key) ? pair.key.value : pair.key;
  }

  function render(node) {
    const doc = new Document();
    doc.contents = node;
    return doc.toString(STRINGIFY);
  }

  function indented(text, column) {
    const pad = ' '.repeat(column);
    return text.split('\n').map(line => (line ? pad + line : line)).join('\n');
  }

  function patchText(source, root, value, shape) {
    const edits = [];
    let order = 0;
    const lineStart = pos => source.lastIndexOf('\n', pos - 1) + 1;
    const lineEndAfter = pos => {
      const i = source.indexOf('\n', pos);
      return i < 0 ? source.length : i + 1;
    };
    const column = pos => pos - lineStart(pos);
    const edit = (start, end, text) => edits.push({ start, end, text, order: order++ });

    function lastContent(node) {
      if (isScalar(node) || node.flow) return node.range[1];
      const last = node.items[node.items.length - 1];
      if (!last) return node.range[1];
      if (isMap(node)) return last.value ? lastContent(last.value) : last.key.range[1];
      return lastContent(last);
    }

    function scalarText(value, shape) {
      const text = render(scalarFor(value, shape)).replace(/\n$/, '');
      if (text.includes('\n')) throw new Unsupported('multi-line scalar');
      return text;
    }

    function blockAfterKey(node, value, shape, keyColumn) {
      // `key: []` or `key: text` becoming a block list or map: the block goes on the next lines
      let start = node.range[0];
      while (source[start - 1] === ' ') start -= 1;
      edit(start, node.range[1], '\n' + indented(render(build(value, shape)), keyColumn + 2).replace(/\n$/, ''));
    }

    function patch(node, value, shape) {
      if (sameValue(nodeValue(node), value)) return;
      const object = value !== null && typeof value === 'object';
      if (isScalar(node)) {
        if (object) throw new Unsupported('scalar to collection');
        edit(node.range[0], node.range[1], scalarText(value, shape));
      } else if (node.flow) {
        if (!object || Array.isArray(value) !== isSeq(node)) throw new Unsupported('flow shape');
        const text = render(build(value, { ...shape, flow: true })).replace(/\n$/, '');
        if (text.includes('\n')) throw new Unsupported('long flow collection');
        edit(node.range[0], node.range[1], text);
      } else if (isMap(node) && object && !Array.isArray(value)) {
        patchMap(node, value, shape);
      } else if (isSeq(node) && Array.isArray(value)) {
        patchSeq(node, value, shape);
      } else {
        throw new Unsupported('shape changed');
      }
    }

    function patchMap(node, value, shape) {
      if (!node.items.length) throw new Unsupported('empty block map');
      const keyColumn = column(node.items[0].key.range[0]);
      const present = new Set();
      for (const pair of node.items) {
        const key = keyOf(pair);
        present.add(key);
        const child = childShape(shape, key);
        if (!(key in value) || isEmpty(value[key])) {
          if (isEmpty(nodeValue(pair.value))) continue;
          edit(lineStart(pair.key.range[0]), lineEndAfter(lastContent(pair.value)), '');
        } else if (!pair.value) {
          throw new Unsupported('key without value');
        } else if (typeof value[key] === 'object' && (isScalar(pair.value) || (pair.value.flow && !(child && child.flow)))) {
          if (sameValue(nodeValue(pair.value), value[key])) continue;
          if (isScalar(pair.value) && !isEmpty(nodeValue(pair.value))) throw new Unsupported('text to collection');
          blockAfterKey(pair.value, value[key], child, keyColumn);
        } else {
          patch(pair.value, value[key], child);
        }
      }
      const keys = orderedKeys(value, shape);
      for (const key of keys) {
        if (present.has(key) || isEmpty(value[key])) continue;
        const before = keys.slice(0, keys.indexOf(key)).filter(k => present.has(k));
        let at;
        if (before.length) {
          const pair = node.items.find(p => keyOf(p) === before[before.length - 1]);
          at = lineEndAfter(lastContent(pair.value || pair.key));
        } else {
          at = lineStart(node.items[0].key.range[0]);
        }
        const text = render(build({ [key]: value[key] }, { type: 'map', keys: { [key]: childShape(shape, key) } }));
        edit(at, at, indented(text, keyColumn));
      }
    }

    function patchSeq(node, value, shape) {
      if (!node.items.length) throw new Unsupported('empty block list');
      const itemShape = shape && shape.item;
      const identity = shape && shape.identity;
      const dashColumn = column(node.range[0]);
      const idOf = (item, i) => (identity ? item && item[identity] : i);
      const oldIds = node.items.map((item, i) => (identity ? nodeValue(item)?.[identity] : i));
      const kept = value.filter((item, i) => oldIds.includes(idOf(item, i)));
      const keptIds = kept.map((item, i) => idOf(item, identity ? i : value.indexOf(item)));
      // kept items in their old order and before every new one; anything else is not a splice
      const firstNew = value.findIndex((item, i) => !oldIds.includes(idOf(item, i)));
      if (firstNew >= 0 && value.slice(firstNew).some((item, i) => oldIds.includes(idOf(item, firstNew + i)))) {
        throw new Unsupported('new item among old ones');
      }
      const positions = keptIds.map(id => oldIds.indexOf(id));
      if (positions.some((p, i) => i > 0 && p <= positions[i - 1])) throw new Unsupported('items reordered');
      node.items.forEach((item, i) => {
        const at = keptIds.indexOf(oldIds[i]);
        if (at < 0) {
          let start = lineStart(source.lastIndexOf('-', item.range[0]));
          while (start > 0 && !source.slice(lineStart(start - 1), start).trim()) start = lineStart(start - 1);
          edit(start, lineEndAfter(lastContent(item)), '');
        } else {
          patch(item, kept[at], itemShape);
        }
      });
      const added = firstNew >= 0 ? value.slice(firstNew) : [];
      if (added.length) {
        const at = lineEndAfter(lastContent(node.items[node.items.length - 1]));
        const text = render(build(added, { type: 'list', item: itemShape }));
        edit(at, at, (at === source.length && !source.endsWith('\n') ? '\n' : '') + indented(text, dashColumn));
      }
    }

    patch(root, value, shape);
    edits.sort((a, b) => a.start - b.start || a.order - b.order);
    let out = '';
    let at = 0;
    for (const e of edits) {
      if (e.start < at) throw new Unsupported('overlapping edits');
      out += source.slice(at, e.start) + e.text;
      at = e.end;
    }
    return out + source.slice(at);
  }

  function sameData(text, value) {
    const doc = parseDocument(text, PARSE);
    return doc.errors.length === 0 && sameValue(doc.toJS(), value);
  }

  function formData(descriptor, doc) {
    let value = doc.toJS() ?? null;
    if (descriptor.wrap) value = { [descriptor.wrap]: Array.isArray(value) ? value : [] };
    if (value === null || typeof value !== 'object' || Array.isArray(value)) value = {};
    return value;
  }

  function fromFile(descriptor, content) {
    return { ...formData(descriptor, parseDocument(content || '', PARSE)), [SOURCE_KEY]: content || '' };
  }

  function toFile(descriptor, data) {
    const source = data && typeof data[SOURCE_KEY] === 'string' ? data[SOURCE_KEY] : null;
    const value = { ...(data || {}) };
    delete value[SOURCE_KEY];
    const content = descriptor.wrap ? value[descriptor.wrap] || [] : value;
    const shape = descriptor.wrap ? { type: 'list', ...descriptor.shape } : descriptor.shape;
    if (source !== null && source.trim()) {
      const doc = parseDocument(source, PARSE);
      if (doc.errors.length === 0 && sameValue(formData(descriptor, doc), value)) return source;
      if (doc.errors.length === 0 && doc.contents) {
        try {
          const spliced = patchText(source, doc.contents, content, shape);
          if (sameData(spliced, content)) return spliced;
        } catch (error) {
          if (!(error instanceof Unsupported)) throw error;
        }
        doc.contents = merge(doc.contents, content, shape);
        const merged = doc.toString(STRINGIFY).replace(/^[ \t]+$/gm, '');
        if (sameData(merged, content)) return merged;
      }
    }
    const doc = new Document();
    doc.contents = build(content, shape);
    return (descriptor.modeline ? `# ${descriptor.modeline}\n` : '') + doc.toString(STRINGIFY);
  }

  const formats = {};
  for (const [name, descriptor] of Object.entries(descriptors)) {
    formats[name] = {
      fromFile: content => fromFile(descriptor, content),
      toFile: data => toFile(descriptor, data),
    };
  }
  return formats;
}
