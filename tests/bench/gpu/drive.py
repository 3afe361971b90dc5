#!/usr/bin/env python3
"""Drives the browser bench page (tests/bench/gpu) in headless Chromium. Python's standard library only,
so it runs on a machine with neither Node nor pip packages (the GPU machine); see README.md.

Serves the built page, starts Chromium once per flag set in --configs with ?mode=probe, keeps the first
whose WebGL renderer matches --want (a regular expression; default NVIDIA) and runs the bench with it.
The page POSTs its result to /result and progress to /log. Writes probe.json, result.json and
Chromium's stderr logs to --out.

  python3 tests/bench/gpu/drive.py --chrome /usr/lib/chromium/chromium --dist .gpubench/dist --out /tmp/o \
      --configs swiftshader --want . --query 'backends=webgl,wasm&sizes=64,128&reps=10'
"""
import argparse
import http.server
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

COMMON = [
    '--headless=new', '--no-sandbox', '--no-first-run', '--no-default-browser-check', '--disable-extensions',
    '--disable-dev-shm-usage', '--mute-audio', '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows', '--enable-logging=stderr',
    '--v=0', '--ignore-gpu-blocklist', '--enable-gpu', '--enable-unsafe-webgpu',
]

CONFIGS = {
    # ANGLE on Vulkan, no window surface (the recipe for headless Chrome on Linux GPUs)
    'vulkan': ['--use-angle=vulkan', '--enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan', '--disable-vulkan-surface'],
    # ANGLE on the driver's OpenGL through EGL (glvnd -> the NVIDIA EGL vendor library)
    'egl': ['--use-gl=angle', '--use-angle=gl-egl'],
    'egl-disable-vulkan': ['--use-gl=angle', '--use-angle=gl-egl', '--disable-features=Vulkan'],
    'gl': ['--use-gl=angle', '--use-angle=gl'],
    'swiftshader': ['--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
}

state = {'result': None, 'event': threading.Event()}


def make_handler(dist):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=dist, **kw)

        def log_message(self, *a):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get('Content-Length') or 0))
            self.send_response(204)
            self.end_headers()
            try:
                data = json.loads(body)
            except ValueError:
                data = {'raw': body.decode('utf-8', 'replace')}
            if self.path == '/log':
                print('  page:', data.get('msg', data), flush=True)
            elif self.path == '/result':
                state['result'] = data
                state['event'].set()

    Handler.extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, '.wasm': 'application/wasm', '.js': 'text/javascript'}
    return Handler


def run_chrome(args, name, url, timeout, out):
    state['result'] = None
    state['event'].clear()
    profile = tempfile.mkdtemp(prefix='gpubench-profile-')
    log_path = os.path.join(out, f'chrome-{name}.log')
    cmd = [args.chrome, *COMMON, *CONFIGS[name], *args.extra, f'--user-data-dir={profile}', url]
    print(f'$ {" ".join(cmd)}', flush=True)
    t0 = time.time()
    with open(log_path, 'w') as log:
        env = dict(os.environ)
        if name == 'swiftshader':  # the NVIDIA-only Vulkan driver list would hide SwiftShader's ICD
            env.pop('VK_DRIVER_FILES', None)
            env.pop('VK_ICD_FILENAMES', None)
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env)
        got = state['event'].wait(timeout)
        exited = proc.poll()
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    shutil.rmtree(profile, ignore_errors=True)
    if not got:
        print(f'  no result from {name} after {time.time() - t0:.0f} s (chromium {"exited " + str(exited) if exited is not None else "still running"})', flush=True)
        with open(log_path, errors='replace') as f:
            lines = f.read().splitlines()
        interesting = [l for l in lines if re.search(r'gpu|angle|vulkan|egl|gl_|webgl|error|fatal', l, re.I)]
        for l in (interesting or lines)[-25:]:
            print('  |', l[:400], flush=True)
    return state['result']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--chrome', required=True)
    ap.add_argument('--dist', default='.gpubench/dist')
    ap.add_argument('--out', default=os.environ.get('OUT', '.gpubench/out'))
    ap.add_argument('--configs', default='vulkan,egl,egl-disable-vulkan,swiftshader')
    ap.add_argument('--want', default='nvidia', help='regex the WebGL renderer must match (case-insensitive)')
    ap.add_argument('--query', default='backends=webgl,wasm&sizes=64,128,256,512&reps=30')
    ap.add_argument('--probe-timeout', type=float, default=60)
    ap.add_argument('--bench-timeout', type=float, default=420)
    ap.add_argument('--probe-only', action='store_true')
    ap.add_argument('--extra', action='append', default=[], help='one more Chromium flag (repeatable)')
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), make_handler(os.path.abspath(args.dist)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f'http://127.0.0.1:{server.server_address[1]}/index.html'

    probes = {}
    chosen = None
    for name in args.configs.split(','):
        res = run_chrome(args, name, f'{base}?mode=probe', args.probe_timeout, args.out)
        env = (res or {}).get('env') or {}
        tfw = env.get('tfWebgl') or {}
        renderer = tfw.get('renderer') or (env.get('webgl2') or {}).get('renderer')
        probes[name] = res
        print(f'probe {name}: webgl2 {json.dumps(env.get("webgl2"))}; tf.js webgl {json.dumps(tfw)}; webgpu {json.dumps(env.get("webgpu"))}', flush=True)
        if renderer and (args.want == '.' or (re.search(args.want, renderer, re.I) and not re.search('swiftshader|llvmpipe', renderer, re.I))):
            chosen = name
            break
    with open(os.path.join(args.out, 'probe.json'), 'w') as f:
        json.dump(probes, f, indent=1)
    if not chosen:
        print(f'no flag set gave a WebGL renderer matching /{args.want}/i', flush=True)
        return 2
    print(f'using {chosen}', flush=True)
    if args.probe_only:
        return 0
    res = run_chrome(args, chosen, f'{base}?mode=bench&{args.query}', args.bench_timeout, args.out)
    if not res:
        return 3
    res['chromeConfig'] = {'name': chosen, 'flags': [*COMMON, *CONFIGS[chosen], *args.extra]}
    with open(os.path.join(args.out, 'result.json'), 'w') as f:
        json.dump(res, f, indent=1)
    print(json.dumps(res.get('agreement'), indent=1))
    print(res.get('table') or res.get('error'), flush=True)
    return 0 if res.get('rows') else 4


if __name__ == '__main__':
    sys.exit(main())
