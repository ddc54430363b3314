/** Reading what `n8n execute --rawOutput` printed, as the real-n8n suites do. */
import { runJson } from './n8nCli';

const run = { status: 'success', data: { resultData: { runData: { 'Find Emails': [{ executionStatus: 'success' }] } } } };

test('the run JSON is read when n8n logs a line after it on the same stdout', () => {
  const stdout = `Loaded community packages\n${JSON.stringify(run, null, 2)}\nTask runner stopped {"reason":"shutdown"}\n`;
  expect(runJson({ code: 0, stdout, stderr: '' })).toEqual(run);
});

test('no run JSON: the error shows what n8n printed', () => {
  expect(() => runJson({ code: 1, stdout: 'Error: workflow not found', stderr: '' })).toThrow(/n8n printed no run JSON \(exit 1\):\nError: workflow not found/);
});
