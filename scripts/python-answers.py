#!/usr/bin/env python3
"""Python's own answers for the reader corpus (test/fixtures/readers/corpus.json): what OpenHands'
readers make of each text, the toml 0.10.2 library (config.toml), ast.literal_eval
(SANDBOX_RUNTIME_STARTUP_ENV_VARS) and PyYAML's safe_load (tolerations_yaml). Writes
test/fixtures/readers/python-answers.json, which test/config/readers-differential.test.ts compares
openhands-k8s' readers with, so `npm test` needs no Python. With --check, recomputes them and
fails when the committed answers differ (.ci/run does that with Debian's python3-toml and python3-yaml).

Usage: python3 scripts/python-answers.py [--check]
"""
import ast
import datetime
import hashlib
import json
import math
import os
import sys

import toml
import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'readers')


def plain(value):
    """A JSON-able form of a Python value, types that JSON lacks tagged."""
    if isinstance(value, str):
        # JSON writes a lone surrogate as it writes half of a pair: tag text that is not Unicode.
        if any(0xD800 <= ord(char) <= 0xDFFF for char in value):
            return {'$surrogates': [ord(char) for char in value]}
        return value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value if abs(value) <= 2 ** 53 else {'$int': str(value)}
    if isinstance(value, float):
        return value if math.isfinite(value) else {'$float': repr(value)}
    if isinstance(value, (datetime.date, datetime.time)):
        return {'$date': value.isoformat()}
    if isinstance(value, bytes):
        return {'$bytes': value.decode('latin-1')}
    if isinstance(value, dict):
        return {'$dict': [[plain(k), plain(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple, set)):
        return [plain(item) for item in value]
    return {'$other': type(value).__name__}


def answer(reader, text):
    try:
        if reader == 'toml':
            value = toml.loads(text)
        elif reader == 'literal':
            value = ast.literal_eval(text)
        else:
            value = yaml.safe_load(text)
        return {'ok': True, 'value': plain(value)}
    except yaml.YAMLError as error:
        return {'ok': False, 'error': 'YAMLError'}
    except Exception as error:  # what the reader raises is the answer
        return {'ok': False, 'error': type(error).__name__}


def main():
    with open(os.path.join(ROOT, 'corpus.json'), 'rb') as handle:
        raw = handle.read()
    corpus = json.loads(raw.decode('utf-8'))
    answers = {
        'corpus_sha256': hashlib.sha256(raw).hexdigest(),
        'python': sys.version.split()[0],
        'toml': toml.__version__,
        'yaml': yaml.__version__,
        'answers': [answer(case['reader'], case['text']) for case in corpus],
    }
    text = json.dumps(answers, indent=1, ensure_ascii=True) + '\n'
    target = os.path.join(ROOT, 'python-answers.json')
    if '--check' in sys.argv:
        with open(target, encoding='utf-8') as handle:
            committed = json.load(handle)
            # The answers and the corpus they answer; the versions are recorded, not compared.
            if [committed['corpus_sha256'], committed['answers']] != [answers['corpus_sha256'], json.loads(text)['answers']]:
                sys.exit('python-answers.json is not what this Python computes: run scripts/python-answers.py and commit it')
        print('python-answers.json: %d answers, as this Python computes them' % len(corpus))
        return
    with open(target, 'w', encoding='utf-8') as handle:
        handle.write(text)
    print('%d answers written' % len(corpus))


if __name__ == '__main__':
    main()
