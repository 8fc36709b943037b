#!/usr/bin/env python3
"""Writes the conformance suite's sample cassettes: real corpus files, as PyYAML/json read them.

Tagged JSON, so the suite needs no YAML reader of its own: bytes are {"$bytes": base64}.
Usage: python3 scripts/suite-samples.py > packages/store-test-suite/fixtures/samples.json
"""
import base64, json, sys, os
import yaml

class Loader(yaml.CSafeLoader):
    pass
Loader.add_constructor('tag:yaml.org,2002:python/unicode', lambda l, n: l.construct_scalar(n))
Loader.add_constructor('tag:yaml.org,2002:python/tuple', lambda l, n: l.construct_sequence(n))

ROOT = 'fixtures/corpus/vcrpy'
SAMPLES = {
    # name in the store            corpus file (repo/file)
    'crewai/evaluation/test_evaluate_current_iteration': 'crewAIInc__crewAI/lib__crewai__tests__cassettes__experimental__evaluation__TestAgentEvaluator.test_evaluate_current_iteration.yaml',
    'crewai/telemetry/test_end_crew_receives_valid_execution_span': 'crewAIInc__crewAI/lib__crewai__tests__cassettes__telemetry__test_end_crew_receives_valid_execution_span.yaml',
    'crewai/TestCrewMultimodalBedrock.test_image_file[bedrock-us.anthropic.claude-sonnet-4-6]': 'crewAIInc__crewAI/lib__crewai__tests__cassettes__TestCrewMultimodalBedrock.test_image_file[bedrock-us.anthropic.claude-sonnet-4-6].yaml',
    'crewai/tools/test_csv_search_tool': 'crewAIInc__crewAI/lib__crewai-tools__tests__cassettes__tools__test_csv_search_tool.yaml',
    'vcrpy/gzip_requests': 'kevin1024__vcrpy/tests__integration__cassettes__gzip_requests.yaml',
    'vcrpy/gzip_httpx_old_format': 'kevin1024__vcrpy/tests__integration__cassettes__gzip_httpx_old_format.yaml',
    'vcrpy/test_tornado_with_decorator_use_cassette': 'kevin1024__vcrpy/tests__integration__test_tornado_with_decorator_use_cassette.yaml',
    'vcrpy/domain_redirect': 'kevin1024__vcrpy/tests__fixtures__wild__domain_redirect.yaml',
    'tweepy/testmediauploadpng': 'tweepy__tweepy/cassettes__testmediauploadpng.yaml',
    'tweepy/testgetlist': 'tweepy__tweepy/cassettes__testgetlist.json',
}

def tag(v):
    if isinstance(v, bytes): return {'$bytes': base64.b64encode(v).decode()}
    if isinstance(v, (list, tuple)): return [tag(x) for x in v]
    if isinstance(v, dict): return {k: tag(x) for k, x in v.items()}
    if isinstance(v, float): raise TypeError('no floats expected in samples')
    return v

out = []
for name, rel in SAMPLES.items():
    path = os.path.join(ROOT, rel)
    with open(path, 'rb') as fh:
        data = json.load(fh) if rel.endswith('.json') else yaml.load(fh, Loader=Loader)
    out.append({'name': name, 'source': rel, 'data': tag(data)})
json.dump(out, sys.stdout, ensure_ascii=False)
