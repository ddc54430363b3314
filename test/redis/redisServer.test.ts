/**
 * The tests' redis-server is ready when it says it listens itself: on a machine running several
 * test processes, a Redis answering on the port may be another process's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { RedisServer, redisAvailable } from './redisServer';

const describeRedis = redisAvailable() ? describe : describe.skip;
if (!redisAvailable()) console.warn('redis-server is not installed: run scripts/redis/install.sh to include the test Redis checks');

describeRedis('the test Redis', () => {
  let server: RedisServer | undefined;
  let other: ChildProcess | undefined;

  afterEach(async () => {
    other?.kill('SIGKILL');
    await server?.shutdown();
  });

  test('comes back with its data on the same port after a stop', async () => {
    server = await RedisServer.start();
    const write = new Redis({ host: '127.0.0.1', port: server.port });
    await write.set('kept', 'yes');
    write.disconnect();
    await server.stop();
    await server.resume();
    const read = new Redis({ host: '127.0.0.1', port: server.port });
    expect(await read.get('kept')).toBe('yes');
    read.disconnect();
  });

  test("a restart on a port another process's Redis took meanwhile fails, naming the port, rather than using that Redis", async () => {
    server = await RedisServer.start();
    await server.stop();
    other = spawn('redis-server', ['--port', String(server.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await new Promise<void>((resolve) => other!.stdout!.on('data', (d: Buffer) => (/Ready to accept connections/.test(d.toString()) ? resolve() : undefined)));
    await expect(server.resume()).rejects.toThrow(
      new RegExp(`redis-server exited \\(1\\) before listening on port ${server.port}:[\\s\\S]*Address already in use`),
    );
  });
});
