import assert from 'node:assert/strict';
import type { EmulatorHandle } from '../../local/emulator/index.js';
import { connect, type AzureConnection } from '../../src/azure/connection.js';
import { roleAssignmentApplyMs } from '../../src/cli/local-stack/timer-schedules.js';
import {
  LOCAL_PRINCIPAL_ID,
  nameServersSetting,
  readSettings,
  type AppSettings,
} from '../../src/settings.js';

/** The app settings' values for a local run against this emulator, as `npm start` sets them. */
export function localSettingValues(
  emu: Pick<EmulatorHandle, 'armUrl' | 'caFile' | 'nameServers' | 'engine'>,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ACI_VNET_SIDECARS_CLOUD: 'local',
    ACI_VNET_SIDECARS_ARM_ENDPOINT: emu.armUrl,
    ACI_VNET_SIDECARS_CA_FILE: emu.caFile,
    ACI_VNET_SIDECARS_NAME_SERVERS: nameServersSetting(emu.nameServers),
    ACI_VNET_SIDECARS_POLL_INTERVAL_MS: '1',
    ACI_VNET_SIDECARS_ROLE_ASSIGNMENT_APPLY_MS: String(
      roleAssignmentApplyMs(emu.engine.config.timeScale, emu.engine.config.roleAssignmentDelayMs),
    ),
    // The app's identity, as `npm start` names it: the emulator's Key Vault checks its roles.
    ACI_VNET_SIDECARS_PRINCIPAL_ID: LOCAL_PRINCIPAL_ID,
    ...extra,
  };
}

/** App settings for a local run against this emulator, as `npm start` would set them. */
export function localSettings(
  emu: EmulatorHandle,
  extra: Record<string, string> = {},
): AppSettings {
  const result = readSettings(localSettingValues(emu, extra));
  assert.ok(result.ok, JSON.stringify(result));
  return result.settings;
}

/** The app's own connection to the emulator: its endpoint, CA, token and retry policy. */
export function emulatorConnection(emu: EmulatorHandle): AzureConnection {
  return connect(localSettings(emu), { retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 } });
}
