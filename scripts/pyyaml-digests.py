#!/usr/bin/env python3
"""Content digests of the data PyYAML (YAML) or json (JSON) reads from each corpus file.

The oracle for @cassettekit/core's contentDigest + @cassettekit/yaml's reader: same canonical encoding,
computed from Python's own view of the file. Usage: python3 scripts/pyyaml-digests.py fixtures/corpus/vcrpy
"""
import base64, hashlib, json, os, sys
import yaml

class Loader(yaml.CSafeLoader):
    pass

# vcrpy's legacy tags, read as data (as vcrpy's own loader did); anything else stays refused.
Loader.add_constructor('tag:yaml.org,2002:python/unicode', lambda l, n: l.construct_scalar(n))
Loader.add_constructor('tag:yaml.org,2002:python/str', lambda l, n: l.construct_scalar(n))
Loader.add_constructor('tag:yaml.org,2002:python/tuple', lambda l, n: l.construct_sequence(n))

def js_string(s):
    # JSON.stringify: escapes " \\ and C0 controls (short forms where they exist), lone surrogates as \udxxx.
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"': out.append('\\"')
        elif ch == '\\': out.append('\\\\')
        elif ch == '\b': out.append('\\b')
        elif ch == '\f': out.append('\\f')
        elif ch == '\n': out.append('\\n')
        elif ch == '\r': out.append('\\r')
        elif ch == '\t': out.append('\\t')
        elif o < 0x20 or 0xD800 <= o <= 0xDFFF: out.append('\\u%04x' % o)
        else: out.append(ch)
    out.append('"')
    return ''.join(out)

def utf16_key(k):
    return k.encode('utf-16-be', 'surrogatepass')

def js_float(f):
    if f != f: return 'NaN'
    if f in (float('inf'), float('-inf')): return 'Infinity' if f > 0 else '-Infinity'
    if f == 0 and str(f).startswith('-'): return '-0'
    if f == int(f) and abs(f) < 1e21: return str(int(f))
    r = repr(f)
    # JS writes 1e+21 / 1.5e-7 where Python writes 1e+21 / 1.5e-07
    if 'e' in r:
        m, e = r.split('e'); return m + 'e' + ('-' if e[0] == '-' else '+') + str(int(e.lstrip('+-')))
    return r

def encode(v, out):
    if isinstance(v, bool): out.append('T' if v else 'F')
    elif v is None: out.append('N')
    elif isinstance(v, int): out.append('i%d;' % v)
    elif isinstance(v, float): out.append('f%s;' % js_float(v))
    elif isinstance(v, str): out.append(js_string(v))
    elif isinstance(v, bytes): out.append('b%s;' % base64.b64encode(v).decode())
    elif isinstance(v, (list, tuple)):
        out.append('[')
        for x in v: encode(x, out)
        out.append(']')
    elif isinstance(v, dict):
        out.append('{')
        for k in sorted(v, key=utf16_key):
            out.append(js_string(k)); out.append(':'); encode(v[k], out)
        out.append('}')
    else:
        raise TypeError(type(v))

def digest(data):
    out = []
    encode({} if data is None else data, out)
    return 'sha256:' + hashlib.sha256(''.join(out).encode('utf-8', 'surrogatepass')).hexdigest()

def main(root):
    for dirpath, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)
            try:
                if f.endswith('.json'):
                    with open(path, encoding='utf-8') as fh: data = json.load(fh)
                elif f.endswith(('.yaml', '.yml')):
                    with open(path, 'rb') as fh: data = yaml.load(fh, Loader=Loader)
                else:
                    continue
                if data is not None and not isinstance(data, dict):
                    print('%s\tINVALID\tnot a mapping' % rel); continue
                print('%s\t%s' % (rel, digest(data)))
            except yaml.YAMLError as e:
                print('%s\tINVALID\t%s' % (rel, str(e).splitlines()[0]))

if __name__ == '__main__':
    main(sys.argv[1])
