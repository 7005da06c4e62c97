/** Types of build-kernels.mjs, for the test that checks the generated module. */
export declare const WAT_FILE: string;
export declare const WASM_MODULE_FILE: string;
export declare function compileKernels(watText: string): Promise<Buffer>;
export declare function kernelsModuleSource(wasm: Buffer): string;
