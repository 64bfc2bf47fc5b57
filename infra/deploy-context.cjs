// What the running `serverless` command is, for the resolvers in infra/*.cjs: the CLI's first words.
// `offline` and `invoke local` run functions on this machine; `package` and `deploy` build what AWS runs.
const words = process.argv.slice(2).filter((word) => !word.startsWith('-'));

module.exports = {
  command: words.slice(0, 2).join(' '),
  /** Functions run here, with the local stack's files and emulators. */
  runsLocally: words[0] === 'offline' || (words[0] === 'invoke' && words[1] === 'local'),
  /** The result is a template for AWS: local settings must not leak into it. */
  buildsForAws: words[0] === 'package' || words[0] === 'deploy',
};
