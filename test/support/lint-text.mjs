// ESLint's Node API, run outside jest's module sandbox: ESLint loads a flat config with a dynamic
// import(), which jest's VM refuses without --experimental-vm-modules.
// stdin: { cwd, configFile, files: [{ filePath, code }] }; stdout: each file's messages.
import { ESLint } from 'eslint';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { cwd, configFile, files } = JSON.parse(input);
const eslint = new ESLint({ cwd, overrideConfigFile: configFile });
const results = [];
for (const { filePath, code } of files) {
  const [result] = await eslint.lintText(code, { filePath });
  results.push({
    filePath,
    messages: result.messages.map(({ ruleId, message, line }) => ({ ruleId, message, line })),
  });
}
process.stdout.write(JSON.stringify(results));
