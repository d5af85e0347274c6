// Run before `pnpm install` (the root package's preinstall): an unsupported Node stops here, naming the version
// it needs, instead of failing later in some tool's syntax or API. Kept to syntax any Node can parse.
const [needMajor, needMinor] = [20, 19];
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < needMajor || (major === needMajor && minor < needMinor)) {
  process.stderr.write(
    'llmux needs Node.js >= ' +
      needMajor +
      '.' +
      needMinor +
      ' (22, 24 or 26 recommended); this is ' +
      process.version +
      '\n',
  );
  process.exit(1);
}
