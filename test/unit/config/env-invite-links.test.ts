import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/env.js';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).issues;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig: where printed invitations lead', () => {
  it('leaves both channels off by default (the sheets then carry no QR codes)', () => {
    expect(loadConfig({}).inviteLinks).toEqual({ telegramBotUsername: undefined, zaloOaLink: undefined });
    expect(loadConfig({ TELEGRAM_BOT_USERNAME: ' ', ZALO_OA_LINK: '' }).inviteLinks).toEqual({ telegramBotUsername: undefined, zaloOaLink: undefined });
  });

  it("takes the bot's username with or without @, and the OA's public link", () => {
    expect(loadConfig({ TELEGRAM_BOT_USERNAME: '@TroLyHtx_bot', ZALO_OA_LINK: 'https://zalo.me/2961857761415564889' }).inviteLinks).toEqual({
      telegramBotUsername: 'TroLyHtx_bot',
      zaloOaLink: 'https://zalo.me/2961857761415564889',
    });
  });

  it.each([
    ['TELEGRAM_BOT_USERNAME', 'TroLyHtx', 'ending in "bot"'],
    ['TELEGRAM_BOT_USERNAME', 'https://t.me/TroLyHtxBot', 'ending in "bot"'],
    ['ZALO_OA_LINK', 'http://zalo.me/2961857761415564889', 'https://zalo.me/<OA id>'],
    ['ZALO_OA_LINK', 'https://zalo.me.evil.example/123', 'https://zalo.me/<OA id>'],
    ['ZALO_OA_LINK', 'https://zalo.me/', 'https://zalo.me/<OA id>'],
  ])('refuses %s=%s with one readable line', (name, value, says) => {
    const issues = problems({ [name]: value });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(name);
    expect(issues[0]).toContain(says);
  });
});
