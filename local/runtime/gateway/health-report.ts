// The `backendhealth` answer from the probes' state (pure).
import type { GatewayConfig, SettingsConfig } from './config-types.js';
import { NEW_MEMBER, type MemberHealth } from './health-state.js';
import type { BackendHealthReport } from './types.js';

/** One probed server: a pool member under the settings a rule pairs its pool with. */
export const targetKey = (poolId: string, settingsId: string, address: string) =>
  `${poolId}|${settingsId}|${address.toLowerCase()}`;

/**
 * Per pool, the settings that routing rules use with it: "when a load-balancing rule is
 * configured, an association is made between a BackendHttpSetting and a BackendAddressPool. A
 * default probe is configured for each of these associations" (application-gateway-
 * troubleshooting-502.md); the same pairing decides what a custom probe checks.
 */
export function settingsUsedWith(config: GatewayConfig, poolId: string): SettingsConfig[] {
  const ids = new Set(
    config.rules.filter((r) => r.poolId === poolId).flatMap((r) => r.settingsId ?? []),
  );
  return [...config.settings.values()].filter((s) => ids.has(s.id));
}

export function healthReport(
  config: GatewayConfig,
  state: ReadonlyMap<string, MemberHealth>,
): BackendHealthReport {
  return {
    backendAddressPools: [...config.pools.values()].map((pool) => ({
      backendAddressPool: { id: pool.armId },
      backendHttpSettingsCollection: settingsUsedWith(config, pool.id).map((settings) => ({
        backendHttpSettings: { id: settings.armId },
        servers: pool.members.map((member) => {
          const held = state.get(targetKey(pool.id, settings.id, member.address)) ?? NEW_MEMBER;
          return {
            address: member.address,
            health: held.health,
            healthProbeLog: held.healthProbeLog,
          };
        }),
      })),
    })),
  };
}
