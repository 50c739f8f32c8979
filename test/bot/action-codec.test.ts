import { describe, expect, it } from "vitest";
import { z } from "zod";
import { actionCodec } from "../../src/bot/core/index.js";
import { formActions, rightsActions } from "../../src/bot/features/registration/actions.js";

const codec = actionCodec("ex", { go: {}, pick: { field: z.enum(["a", "b"]), code: z.string().min(1) }, n: { value: z.coerce.number().int() } });

describe("typed button actions", () => {
  it("packs a typed payload and unpacks it back to the same payload", () => {
    const action = codec.pack("pick", { field: "a", code: "x1" });
    expect(action).toBe("ex:pick:a:x1");
    expect(codec.unpack(action.slice("ex:".length))).toEqual({ kind: "pick", field: "a", code: "x1" });
    expect(codec.unpack(codec.pack("go").slice(3))).toEqual({ kind: "go" });
    expect(codec.unpack(codec.pack("n", { value: 42 }).slice(3))).toEqual({ kind: "n", value: 42 });
    expect(codec.encode({ kind: "pick", field: "b", code: "y" })).toBe("ex:pick:b:y");
  });

  it("refuses malformed actions: an unknown kind, missing or extra parts, a part its schema refuses", () => {
    for (const argument of ["", "nope", "pick", "pick:a", "pick:c:x", "pick:a:", "go:extra", "n:abc", "constructor", "__proto__:a:b"]) {
      expect(codec.unpack(argument), argument).toBeUndefined();
    }
  });

  it("keeps a separator inside the last part, as the old parsers did", () => {
    expect(codec.unpack("pick:a:x:y")).toEqual({ kind: "pick", field: "a", code: "x:y" });
  });

  it("refuses to pack an action over Telegram's 64 bytes", () => {
    expect(() => codec.pack("pick", { field: "a", code: "đ".repeat(40) })).toThrow(/over 64 bytes/);
  });

  it("reads the buttons already in people's chats in their old wire format", () => {
    expect(formActions.unpack("v:gender:male")).toEqual({ kind: "v", field: "gender", code: "male" });
    expect(formActions.unpack("c:yes")).toEqual({ kind: "c", answer: "yes" });
    expect(formActions.unpack("e:fullName")).toEqual({ kind: "e", field: "fullName" });
    expect(formActions.unpack("v:notAField:x")).toBeUndefined();
    expect(rightsActions.unpack("wdy:HUE-2026-0001")).toEqual({ kind: "wdy", code: "HUE-2026-0001" });
    expect(rightsActions.pack("erase-yes")).toBe("regme:erase-yes");
  });
});
