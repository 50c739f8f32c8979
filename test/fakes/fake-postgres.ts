import net from "node:net";

/**
 * The start of PostgreSQL's wire protocol (v3), enough to refuse a login the way a real server
 * does: read the startup message, ask for a cleartext password, read it, answer with an
 * ErrorResponse carrying `sqlstate` (e.g. 28P01 "password authentication failed"), hang up.
 */
export async function startFakePostgres(refusal: { sqlstate: string; message: string }) {
  const passwordsSeen: string[] = [];
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let started = false;
    socket.on("error", () => undefined);
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!started) {
        if (buffer.length < 4 || buffer.length < buffer.readInt32BE(0)) return;
        const length = buffer.readInt32BE(0);
        const protocol = buffer.readInt32BE(4);
        buffer = buffer.subarray(length);
        // SSLRequest: no TLS here, as a server without ssl = on answers.
        if (protocol === 80877103) return void socket.write("N");
        started = true;
        socket.write(message("R", int32(3)));
        return;
      }
      if (buffer.length < 5 || buffer.length < 1 + buffer.readInt32BE(1)) return;
      if (buffer[0] === "p".charCodeAt(0)) passwordsSeen.push(buffer.subarray(5, buffer.readInt32BE(1)).toString("utf8").replace(/\0$/, ""));
      const fields = Buffer.concat([field("S", "FATAL"), field("V", "FATAL"), field("C", refusal.sqlstate), field("M", refusal.message), Buffer.from([0])]);
      socket.end(message("E", fields));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    passwordsSeen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function int32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(value);
  return bytes;
}

function message(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
}

function field(code: string, value: string): Buffer {
  return Buffer.concat([Buffer.from(code), Buffer.from(value, "utf8"), Buffer.from([0])]);
}
