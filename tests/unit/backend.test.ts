import { describe, expect, it } from 'vitest';
import { isSoftwareRenderer, parseBackendName, planBackends } from '../../src/core/backend.ts';

describe('backend plan', () => {
  it('prefers WebGL on a real GPU, then wasm, then cpu', () => {
    const plan = planBackends({ available: true, renderer: 'NVIDIA H100/PCIe/SSE2', software: false }, null);
    expect(plan.order).toEqual(['webgl', 'wasm', 'cpu']);
    expect(plan.reason).toMatch(/GPU.*NVIDIA/);
  });

  it('puts wasm first when WebGL is software-rendered, and says why', () => {
    const renderer = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)';
    expect(isSoftwareRenderer(renderer)).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 4090)')).toBe(false);
    const plan = planBackends({ available: true, renderer, software: true }, null);
    expect(plan.order).toEqual(['wasm', 'webgl', 'cpu']);
    expect(plan.reason).toMatch(/software-rendered/);
  });

  it('skips WebGL entirely when the browser has none', () => {
    expect(planBackends({ available: false, renderer: null, software: false }, null).order).toEqual(['wasm', 'cpu']);
  });

  it('lets ?backend= force a backend, keeping the others as fallbacks', () => {
    const plan = planBackends({ available: true, renderer: 'SwiftShader', software: true }, 'webgl');
    expect(plan.order).toEqual(['webgl', 'wasm', 'cpu']);
    expect(plan.reason).toBe('forced by ?backend=webgl');
    expect(planBackends(null, 'cpu').order).toEqual(['cpu', 'webgl', 'wasm']);
  });

  it('parses only known backend names', () => {
    expect(parseBackendName('wasm')).toBe('wasm');
    expect(parseBackendName('WASM')).toBeNull();
    expect(parseBackendName('<script>')).toBeNull();
    expect(parseBackendName(undefined)).toBeNull();
  });
});
