/** The engine's Web Worker: the app's own wasm files, then EngineService behind comlink. */
import { expose } from 'comlink';
import { configureWasm } from '../platform/wasm.ts';
import { EngineService } from './service.ts';

configureWasm();
expose(new EngineService());
