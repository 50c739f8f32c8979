/**
 * Keeps track of every WebAssembly memory the process creates, by owner, so that PGlite's
 * database engine and Prisma's query compiler (both WebAssembly, outside the JS heap) can be
 * told apart from the rest. Must be imported before them: wraps WebAssembly.instantiate,
 * WebAssembly.Instance and WebAssembly.Memory, and names the owner from the call stack.
 */
export type WasmOwner = "pglite" | "prisma" | "other";

const memories: { owner: WasmOwner; memory: WebAssembly.Memory }[] = [];

function ownerOf(stack: string | undefined): WasmOwner {
  if (stack && /pglite/i.test(stack)) return "pglite";
  if (stack && /prisma|db\/generated/i.test(stack)) return "prisma";
  return "other";
}

function record(memory: WebAssembly.Memory, stack: string | undefined) {
  if (!memories.some((known) => known.memory === memory)) memories.push({ owner: ownerOf(stack), memory });
}

function recordInstance(instance: WebAssembly.Instance, imports: WebAssembly.Imports | undefined, stack: string | undefined) {
  for (const value of Object.values(instance.exports)) if (value instanceof WebAssembly.Memory) record(value, stack);
  for (const namespace of Object.values(imports ?? {})) {
    for (const value of Object.values(namespace)) if (value instanceof WebAssembly.Memory) record(value, stack);
  }
}

export function watchWasmMemories() {
  const instantiate = WebAssembly.instantiate.bind(WebAssembly) as (source: unknown, imports?: WebAssembly.Imports) => Promise<unknown>;
  Object.assign(WebAssembly, {
    async instantiate(source: unknown, imports?: WebAssembly.Imports) {
      const stack = new Error().stack;
      const result = await instantiate(source, imports);
      recordInstance(result instanceof WebAssembly.Instance ? result : (result as { instance: WebAssembly.Instance }).instance, imports, stack);
      return result;
    },
    Instance: new Proxy(WebAssembly.Instance, {
      construct(target, args: [WebAssembly.Module, WebAssembly.Imports?]) {
        const instance = Reflect.construct(target, args) as WebAssembly.Instance;
        recordInstance(instance, args[1], new Error().stack);
        return instance;
      },
    }),
    Memory: new Proxy(WebAssembly.Memory, {
      construct(target, args: [WebAssembly.MemoryDescriptor]) {
        const memory = Reflect.construct(target, args) as WebAssembly.Memory;
        record(memory, new Error().stack);
        return memory;
      },
    }),
  });
}

/** Bytes of WebAssembly memory per owner, as grown so far (pages a process touched count in its RSS). */
export function wasmMemoryBytes(): Record<WasmOwner, number> {
  const bytes: Record<WasmOwner, number> = { pglite: 0, prisma: 0, other: 0 };
  for (const { owner, memory } of memories) bytes[owner] += memory.buffer.byteLength;
  return bytes;
}
