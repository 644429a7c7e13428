/**
 * The application command Squall answers (`/squall <command>` by default), and its registration.
 * Registration overwrites the application's global commands with this one (PUT), which is
 * idempotent: restarting the bot does not pile up duplicates.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, Routes, type REST, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import { COMMAND_OPTION } from './discord-events.js';

/** Discord's rule for command names: 1–32 lowercase letters, digits, `-` or `_`. */
const COMMAND_NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;

export function isValidCommandName(name: string): boolean {
  return COMMAND_NAME.test(name);
}

/** The command definition as Discord's REST takes it. */
export function slashCommandDefinition(name: string): RESTPutAPIApplicationCommandsJSONBody[number] {
  return {
    name,
    type: ApplicationCommandType.ChatInput,
    description: 'Run a Squall command (try "help")',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: COMMAND_OPTION,
        description: 'The command, as you would type it after the prefix',
        required: false,
      },
    ],
  };
}

/** Registers the command globally for the application. */
export async function registerSlashCommand(rest: REST, applicationId: string, name: string): Promise<void> {
  const body: RESTPutAPIApplicationCommandsJSONBody = [slashCommandDefinition(name)];
  await rest.put(Routes.applicationCommands(applicationId), { body });
}
