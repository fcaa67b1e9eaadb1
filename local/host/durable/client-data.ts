// The `durableClient` input binding's value: the URL templates durable-functions' DurableClient
// fills in (createNewInstancePostUri, statusQueryGetUri, ...), pointing at this host's
// implementation of the Durable Functions HTTP API.
// https://learn.microsoft.com/azure/azure-functions/durable/durable-functions-http-api

export const webhookPath = '/runtime/webhooks/durabletask';
export const instanceIdPlaceholder = 'INSTANCEID';

export interface DurableClientData {
  readonly taskHubName: string;
  readonly creationUrls: Record<string, string>;
  readonly managementUrls: Record<string, string>;
  readonly baseUrl: string;
  readonly requiredQueryStringParameters: string;
}

export function durableClientData(
  origin: string,
  hubName: string,
  key: string | undefined,
): DurableClientData {
  const base = `${origin}${webhookPath}`;
  const query = `taskHub=${encodeURIComponent(hubName)}&connection=Storage${key ? `&code=${encodeURIComponent(key)}` : ''}`;
  const instance = `${base}/instances/${instanceIdPlaceholder}`;
  return {
    taskHubName: hubName,
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?${query}`,
      waitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${query}`,
    },
    managementUrls: managementUrls(instance, query),
    baseUrl: base,
    requiredQueryStringParameters: query,
  };
}

/** The payload of createCheckStatusResponse / the 202 of "start new instance", for one id. */
export function managementPayload(
  origin: string,
  hubName: string,
  key: string | undefined,
  instanceId: string,
) {
  const urls = durableClientData(origin, hubName, key).managementUrls;
  return Object.fromEntries(
    Object.entries(urls).map(([k, v]) => [
      k,
      v.replace(instanceIdPlaceholder, encodeURIComponent(instanceId)),
    ]),
  );
}

function managementUrls(instance: string, query: string): Record<string, string> {
  return {
    id: instanceIdPlaceholder,
    statusQueryGetUri: `${instance}?${query}`,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
    terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
    rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
    purgeHistoryDeleteUri: `${instance}?${query}`,
    restartPostUri: `${instance}/restart?${query}`,
    suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
    resumePostUri: `${instance}/resume?reason={text}&${query}`,
  };
}
