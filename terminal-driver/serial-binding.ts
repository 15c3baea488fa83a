import { read } from 'node:fs';
import { promisify } from 'node:util';
import { SerialPort } from 'serialport';

/**
 * The platform's serial binding with one fix. A tty whose line hung up (a pseudo-terminal whose
 * other end went away; some USB adapters on unplug) answers every read with 0 bytes. bindings-cpp
 * 13 retries such a read at once, in a loop that spins a core and never reports the port gone, so
 * the driver would never reopen it. The binding opens ttys with VMIN=1, where a non-blocking read
 * with nothing to read fails with EAGAIN; 0 bytes therefore means end of line, and is reported
 * here as a disconnect, which the stream turns into `close` with `disconnected: true`.
 */
const readAsync = promisify(read);
type Binding = typeof SerialPort.binding;
// The detected binding's type is a union over platforms whose open() takes the intersection of
// their options; only open() is wrapped, so it is seen through this narrower shape.
const base = SerialPort.binding as unknown as { open(options: object): Promise<object> };

interface UnixPortBinding {
  fd: number | null;
  poller: { once(event: 'readable', callback: (error: Error | null) => void): unknown };
  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
}

const isUnixPort = (port: object): port is UnixPortBinding => 'fd' in port && 'poller' in port && 'read' in port;

async function readOrHangUp(port: UnixPortBinding, buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
  for (;;) {
    // Closed under us: `canceled` tells the stream this is a close, not a disconnect.
    if (port.fd === null) throw Object.assign(new Error('Port is not open'), { canceled: true });
    try {
      const { bytesRead } = await readAsync(port.fd, buffer, offset, length, null);
      if (bytesRead > 0) return { buffer, bytesRead };
      throw Object.assign(new Error('the line hung up (read returned end of file)'), { code: 'EIO', disconnect: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A hung-up line may also fail the read with EIO (a pty whose master closed while data was
      // in flight, a USB adapter pulled mid-read): that is the same unplug, not a passing error.
      if (code === 'EIO' || code === 'ENXIO' || code === 'EBADF') throw Object.assign(error as Error, { disconnect: true });
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw error;
      await new Promise<void>((resolve, reject) => port.poller.once('readable', (e) => (e ? reject(e) : resolve())));
    }
  }
}

export const hangUpAwareBinding = {
  ...SerialPort.binding,
  async open(options: object) {
    const port = await base.open(options);
    if (isUnixPort(port)) port.read = (buffer, offset, length) => readOrHangUp(port, buffer, offset, length);
    return port;
  },
} as unknown as Binding;
