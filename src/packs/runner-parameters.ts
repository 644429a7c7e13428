import type { ParameterSpec } from '../model/index.js';

/** What the pack loader needs to know about one runner: its parameters and whether actions need an entry point file. */
export interface RunnerSpec {
  description: string;
  /** Runner parameters as StackStorm's runner.yaml declares them; every action on the runner accepts them. */
  parameters: Record<string, ParameterSpec>;
  /** True when an action on this runner must name an existing file as `entry_point` (script, module, workflow). */
  entryPoint: boolean;
}

// Parameter blocks that several runners share, written once so the table below stays readable.
const shellCommon = {
  cwd: { type: 'string', description: 'Working directory the command runs in.' },
  env: { type: 'object', description: 'Environment variables to set for the command.' },
  kwarg_op: { type: 'string', default: '--', description: 'Prefix for named arguments built from parameters.' },
  sudo: { type: 'boolean', default: false, description: 'Run the command with sudo.' },
  sudo_password: { type: 'string', default: null, secret: true, description: 'Password for sudo, when it asks for one.' },
  timeout: { type: 'integer', default: 60, description: 'Seconds before the command is killed and the execution times out.' },
} satisfies Record<string, ParameterSpec>;

const remoteCommon = {
  bastion_host: { type: 'string', description: 'Host to hop through to reach the targets.' },
  cwd: { type: 'string', default: '/tmp', description: 'Working directory on the remote hosts.' },
  env: { type: 'object', description: 'Environment variables to set on the remote hosts.' },
  hosts: { type: 'string', required: true, description: 'Comma-separated hosts, `host:port` allowed.' },
  kwarg_op: { type: 'string', default: '--', description: 'Prefix for named arguments built from parameters.' },
  passphrase: { type: 'string', secret: true, description: 'Passphrase of the private key.' },
  password: { type: 'string', secret: true, description: 'Password for the remote user.' },
  port: { type: 'integer', description: 'SSH port.' },
  private_key: { type: 'string', secret: true, description: 'Private key material (or, for commands, a path to it).' },
  sudo: { type: 'boolean', default: false, description: 'Run with sudo on the remote hosts.' },
  sudo_password: { type: 'string', secret: true, description: 'Password for sudo on the remote hosts.' },
  timeout: { type: 'integer', default: 60, description: 'Seconds before the command is killed.' },
  username: { type: 'string', description: 'Remote user name.' },
} satisfies Record<string, ParameterSpec>;

const winrmCommon = {
  cwd: { type: 'string', description: 'Working directory on the Windows host.' },
  env: { type: 'object', description: 'Environment variables to set on the Windows host.' },
  host: { type: 'string', required: true, description: 'Windows host to connect to.' },
  kwarg_op: { type: 'string', default: '-', description: 'Prefix for named arguments built from parameters.' },
  password: { type: 'string', required: true, secret: true, description: 'Password of the Windows user.' },
  port: { type: 'integer', default: 5986, description: 'WinRM port.' },
  scheme: { type: 'string', default: 'https', description: 'WinRM URL scheme.' },
  timeout: { type: 'integer', default: 60, description: 'Seconds before the command is abandoned.' },
  transport: {
    type: 'string',
    default: 'ntlm',
    enum: ['basic', 'certificate', 'credssp', 'kerberos', 'ntlm', 'plaintext', 'ssl'],
    description: 'WinRM authentication transport.',
  },
  username: { type: 'string', required: true, description: 'Windows user name.' },
  verify_ssl_cert: { type: 'boolean', default: true, description: 'Verify the host certificate.' },
} satisfies Record<string, ParameterSpec>;

const orquestaParameters = {
  notify: {
    type: 'array',
    default: [],
    items: { type: 'string', pattern: '^\\w+$' },
    uniqueItems: true,
    description: 'Names of the workflow tasks whose completion sends a notification.',
  },
} satisfies Record<string, ParameterSpec>;

/**
 * Every runner StackStorm ships (reference §1) plus Squall's `nodejs`, with the runner parameters
 * an action inherits. The runners and the action layer read these same facts; the loader checks
 * action overrides against them.
 */
export const RUNNERS: Readonly<Record<string, RunnerSpec>> = {
  'local-shell-cmd': {
    description: 'Runs a shell command on the local host.',
    entryPoint: false,
    parameters: { cmd: { type: 'string', description: 'Command to run.' }, ...shellCommon },
  },
  'local-shell-script': {
    description: 'Runs the entry point script on the local host.',
    entryPoint: true,
    parameters: {
      debug: { type: 'boolean', default: false, description: 'Run the script with debugging enabled.' },
      content_version: { type: 'string', description: 'Git revision of the pack content to run.' },
      ...shellCommon,
    },
  },
  'remote-shell-cmd': {
    description: 'Runs a shell command on remote hosts over SSH.',
    entryPoint: false,
    parameters: {
      cmd: { type: 'string', description: 'Command to run.' },
      dir: { type: 'string', default: '/tmp', immutable: true, description: 'Directory files are copied to.' },
      parallel: { type: 'boolean', default: false, immutable: true, description: 'Run on all hosts at once.' },
      ...remoteCommon,
    },
  },
  'remote-shell-script': {
    description: 'Copies the entry point script to remote hosts and runs it over SSH.',
    entryPoint: true,
    parameters: {
      dir: { type: 'string', default: '/tmp', description: 'Directory the script is copied to.' },
      parallel: { type: 'boolean', default: false, immutable: true, description: 'Run on all hosts at once.' },
      ...remoteCommon,
    },
  },
  'python-script': {
    description: 'Runs the Action class in the entry point Python module.',
    entryPoint: true,
    parameters: {
      debug: { type: 'boolean', default: false, description: 'Run with debugging enabled.' },
      content_version: { type: 'string', description: 'Git revision of the pack content to run.' },
      env: { type: 'object', description: 'Environment variables for the Python process.' },
      timeout: { type: 'integer', default: 600, description: 'Seconds before the process is killed.' },
      log_level: {
        type: 'string',
        default: 'DEBUG',
        enum: ['AUDIT', 'CRITICAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG'],
        description: 'Lowest level of log messages the action passes on.',
      },
    },
  },
  'http-request': {
    description: 'Sends an HTTP request.',
    entryPoint: false,
    parameters: {
      allow_redirects: { type: 'boolean', default: false, description: 'Follow redirects.' },
      cookies: { type: 'object', description: 'Cookies to send.' },
      headers: { type: 'object', description: 'Request headers.' },
      http_proxy: { type: 'string', description: 'Proxy for http URLs.' },
      https_proxy: { type: 'string', description: 'Proxy for https URLs.' },
      password: { type: 'string', secret: true, description: 'Password for basic authentication.' },
      url: { type: 'string', required: true, description: 'URL to request.' },
      username: { type: 'string', description: 'User name for basic authentication.' },
      verify_ssl_cert: { type: 'boolean', default: true, description: 'Verify the server certificate.' },
      url_hosts_blacklist: { type: 'array', items: { type: 'string' }, description: 'Hosts the request may not go to.' },
      url_hosts_whitelist: { type: 'array', items: { type: 'string' }, description: 'The only hosts the request may go to.' },
    },
  },
  orquesta: { description: 'Runs the entry point Orquesta workflow.', entryPoint: true, parameters: orquestaParameters },
  orchestra: { description: 'Older name of the orquesta runner.', entryPoint: true, parameters: orquestaParameters },
  'action-chain': {
    description: 'Runs the entry point action chain (legacy workflows).',
    entryPoint: true,
    parameters: {
      display_published: { type: 'boolean', default: true, description: 'Show published variables in the result.' },
      skip_notify: { type: 'array', default: [], description: 'Chain tasks that send no notification.' },
    },
  },
  inquirer: {
    description: 'Pauses for a human response matching a schema.',
    entryPoint: false,
    parameters: {
      schema: {
        type: 'object',
        required: true,
        default: {
          title: 'response_data',
          type: 'object',
          properties: { continue: { type: 'boolean', description: 'Would you like to continue the workflow?', required: true } },
        },
        description: 'JSON schema the response must match.',
      },
      route: { type: 'string', default: '', description: 'Notification route for the inquiry.' },
      roles: { type: 'array', default: [], description: 'Roles allowed to respond.' },
      users: { type: 'array', default: [], description: 'Users allowed to respond.' },
      ttl: { type: 'integer', required: true, default: 1440, description: 'Minutes before the inquiry times out.' },
    },
  },
  noop: { description: 'Does nothing and succeeds.', entryPoint: false, parameters: {} },
  announcement: {
    description: 'Publishes its parameters as an announcement on a route.',
    entryPoint: false,
    parameters: {
      experimental: { type: 'boolean', required: true, default: false, description: 'Must be true: the runner is experimental.' },
      route: { type: 'string', default: 'general', minLength: 1, maxLength: 255, description: 'Announcement route.' },
    },
  },
  'winrm-cmd': {
    description: 'Runs a command on a Windows host over WinRM.',
    entryPoint: false,
    parameters: { cmd: { type: 'string', description: 'Command to run.' }, ...winrmCommon },
  },
  'winrm-ps-cmd': {
    description: 'Runs a PowerShell command on a Windows host over WinRM.',
    entryPoint: false,
    parameters: { cmd: { type: 'string', description: 'PowerShell command to run.' }, ...winrmCommon },
  },
  'winrm-ps-script': {
    description: 'Runs the entry point PowerShell script on a Windows host over WinRM.',
    entryPoint: true,
    parameters: { ...winrmCommon },
  },
  nodejs: {
    description: 'Runs the entry point module (exporting run(params, context)) inside the Squall process.',
    entryPoint: true,
    parameters: {
      debug: { type: 'boolean', default: false, description: 'Log at debug level for this action.' },
      timeout: { type: 'integer', default: 600, description: 'Seconds before the execution times out (the same default as python-script).' },
    },
  },
};

/** Every runner name an action may name; any other `runner_type` is an error. */
export const KNOWN_RUNNERS: readonly string[] = Object.keys(RUNNERS);

/** Runners Squall can run today; actions on other known runners load but are marked unavailable. */
export const AVAILABLE_RUNNERS: readonly string[] = ['local-shell-cmd', 'local-shell-script', 'http-request', 'noop', 'nodejs', 'inquirer', 'orquesta'];

/** The runner parameters of `runner`, or undefined for a runner not in the table. */
export function runnerParameters(runner: string): Record<string, ParameterSpec> | undefined {
  return Object.hasOwn(RUNNERS, runner) ? RUNNERS[runner]!.parameters : undefined;
}

/** Whether actions on `runner` must have an entry point file. */
export function runnerNeedsEntryPoint(runner: string): boolean {
  return Object.hasOwn(RUNNERS, runner) && RUNNERS[runner]!.entryPoint;
}
