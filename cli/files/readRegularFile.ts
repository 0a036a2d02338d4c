import { constants } from "node:fs";
import { open, stat } from "node:fs/promises";

/** Why a file could not be read, in one line (exit 2). */
export class FileRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FileRefusedError";
  }
}

/** What a path is, in words, when it is not a regular file. */
export function kindOfSpecial(info: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a named pipe (FIFO)";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * Reads a regular file of at most `maxBytes` as UTF-8. Anything else is refused before a byte is
 * read: `stat` first (opening a FIFO for reading would wait for a writer forever, and a device
 * such as /dev/zero never ends), then the file is opened non-blocking and checked again with
 * `fstat` on the descriptor actually read, so a path swapped in between cannot slip through.
 *
 * @throws FileRefusedError with the reason (no such file, a FIFO, a directory, too large, …).
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<string> {
  const before = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new FileRefusedError(`cannot read the file: ${FS_REASONS[err.code ?? ""] ?? err.message}`);
  });
  if (!before.isFile()) throw new FileRefusedError(`cannot read the file: it is ${kindOfSpecial(before)}, not a board file`);
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch((err: NodeJS.ErrnoException) => {
    throw new FileRefusedError(`cannot read the file: ${FS_REASONS[err.code ?? ""] ?? err.message}`);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new FileRefusedError(`cannot read the file: it is ${kindOfSpecial(info)}, not a board file`);
    if (info.size > maxBytes) throw tooLarge(info.size, maxBytes);
    // Room for one byte more than fstat said: a file that grows while it is read is noticed,
    // and the read stays bounded whatever it does.
    const buffer = Buffer.alloc(info.size + 1);
    let length = 0;
    for (;;) {
      // A read can fail on a file that stat calls regular (/proc/self/mem: EIO): one line, exit 2.
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null).catch((err: NodeJS.ErrnoException) => {
        throw new FileRefusedError(`cannot read the file: ${FS_REASONS[err.code ?? ""] ?? err.message}`);
      });
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) throw new FileRefusedError("the file changed while it was read: try again");
    }
    return buffer.subarray(0, length).toString("utf8");
  } finally {
    await handle.close();
  }
}

function tooLarge(size: number, max: number): FileRefusedError {
  return new FileRefusedError(`the file is too large: ${size} bytes or more, and at most ${max} are read`);
}

/** File-system errors, in words. */
const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EISDIR: "it is a directory, not a board file",
  ENOTDIR: "a part of the path is a file, not a folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the path is too long",
  EIO: "the system could not read it (an I/O error)",
};

/**
 * Reads standard input (`-` for a file) as UTF-8, at most `maxBytes`: a pipe or a redirected file.
 * A terminal is refused at once rather than waiting for a board to be typed.
 */
export async function readStdin(maxBytes: number, input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin): Promise<string> {
  if (input.isTTY) throw new FileRefusedError("standard input is a terminal: pipe a board into it (stormflow validate - < board.json)");
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    length += bytes.length;
    if (length > maxBytes) throw tooLarge(length, maxBytes);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}
