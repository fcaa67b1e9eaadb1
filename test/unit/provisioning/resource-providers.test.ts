import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  registrationStep,
  requiredNamespaces,
} from '../../../src/provisioning/resource-providers.js';
import { examplePlan } from '../plan/helpers.js';

describe('the resource providers a deployment needs', () => {
  test('are the namespaces of every planned resource type, each once', () => {
    assert.deepEqual(requiredNamespaces(examplePlan('full')), [
      'Microsoft.Authorization',
      'Microsoft.ContainerInstance',
      'Microsoft.ContainerRegistry',
      'Microsoft.EventGrid',
      'Microsoft.KeyVault',
      'Microsoft.ManagedIdentity',
      'Microsoft.Network',
      'Microsoft.Sql',
    ]);
  });

  test('include Event Grid, which delivers the events, even when no planned body is one of its', () => {
    const plan = examplePlan('minimal');
    const withoutEventGrid = {
      ...plan,
      resources: plan.resources.filter((r) => !r.type.startsWith('Microsoft.EventGrid/')),
    };
    assert.ok(requiredNamespaces(withoutEventGrid).includes('Microsoft.EventGrid'));
  });

  test('register what is not registered, wait for what is on its way, and leave the rest', () => {
    const steps = ['NotRegistered', 'Unregistered', 'Registering', 'Unregistering', 'Registered'];
    assert.deepEqual(steps.map(registrationStep), [
      'register',
      'register',
      'wait',
      'wait',
      'ready',
    ]);
  });
});
