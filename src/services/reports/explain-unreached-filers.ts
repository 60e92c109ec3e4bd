import type { Db } from '../../db/database.js';

/**
 * Why a cooperative's report filers (its directors and delegated members) got nothing from the bot,
 * person by person: none such person at all (`filers` 0), no chat account linked, every account
 * opted out or blocked the bot, or every remaining account outside the platform's window (Zalo OA's
 * 7 days: marked unreachable, and the person has not written since). `other`: an account that should
 * reach them (a platform not served right now, or a passing fault).
 */
export interface UnreachedFilers {
  filers: number;
  noAccount: number;
  optedOut: number;
  outsideWindow: number;
  other: number;
}

export async function explainUnreachedFilers(db: Db, cooperativeId: number): Promise<UnreachedFilers> {
  const people = await db.person.findMany({
    where: { cooperativeId, OR: [{ role: 'director' }, { role: 'member', canReport: true }] },
    select: { accounts: { select: { optedOut: true, blockedAt: true, unreachableAt: true, lastInboundAt: true } } },
  });
  const out: UnreachedFilers = { filers: people.length, noAccount: 0, optedOut: 0, outsideWindow: 0, other: 0 };
  for (const p of people) {
    const open = p.accounts.filter((a) => !a.optedOut && !a.blockedAt);
    if (!p.accounts.length) out.noAccount++;
    else if (!open.length) out.optedOut++;
    else if (open.every((a) => a.unreachableAt && !(a.lastInboundAt && a.lastInboundAt > a.unreachableAt))) out.outsideWindow++;
    else out.other++;
  }
  return out;
}
