import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankDraft, defaultWhen, displayName, draftsOf, namesNothing, scenariosOf, stepNames, suggestions } from '../../static/app/scenarios.js';
import { note } from './fixtures.js';

const notes = [
  note('e1', { kind: 'event', text: 'Room  Booked\nfor the night' }),
  note('e2', { kind: 'event', text: '\n Deposit Paid ' }),
  note('e3', { kind: 'event', text: 'Booking Rejected', details: { code_name: 'BookingRefused' } }),
  note('c1', { kind: 'command', text: 'Book Room' }),
  note('a1', { kind: 'aggregate', text: 'Booking' }),
  note('p1', { kind: 'policy', text: 'When booked, take deposit' }),
  note('blank', { kind: 'event', text: '   ' }),
];

test('a sticky is named by its first non-blank line, whitespace collapsed', () => {
  assert.equal(displayName('Room  Booked\nfor the night'), 'Room Booked');
  assert.equal(displayName('\n\t Deposit\tPaid \n'), 'Deposit Paid');
  assert.equal(displayName(''), '');
});

test('steps may name the board’s events and commands, by name, code name or qualified name', () => {
  const names = stepNames(notes);
  assert.deepEqual(names.events, ['Booking Rejected', 'Deposit Paid', 'Room Booked']);
  assert.deepEqual(names.commands, ['Book Room']);
  for (const known of ['Room Booked', 'room booked', ' Deposit Paid ', 'RoomBooked', 'bookroom', 'sales.DepositPaid', 'BookingRefused', 'Book Room']) {
    assert.equal(namesNothing(names, known), false, known);
  }
  // An aggregate or a policy is no step; a near miss is not a match; a blank step is not checked.
  for (const unknown of ['Booking', 'When booked, take deposit', 'Room Booked Twice', 'Room-Booked', 'Roomm Booked']) {
    assert.equal(namesNothing(names, unknown), true, unknown);
  }
  assert.equal(namesNothing(names, '  '), false);
});

test('suggestions: names starting with the typing first, then containing it, never the exact name', () => {
  const names = ['Deposit Paid', 'Deposit Refunded', 'Room Booked', 'Room Deposit Held'];
  assert.deepEqual(suggestions(names, 'dep'), ['Deposit Paid', 'Deposit Refunded', 'Room Deposit Held']);
  assert.deepEqual(suggestions(names, 'Room Booked'), []);
  assert.deepEqual(suggestions(names, '', 2), ['Deposit Paid', 'Deposit Refunded']);
});

test('a new scenario’s When: the command itself, or the event drawn into the policy', () => {
  const byId = new Map(notes.map((n) => [n.id, n]));
  const command = /** @type {import('../../static/app/types.js').Note} */ (byId.get('c1'));
  const policy = /** @type {import('../../static/app/types.js').Note} */ (byId.get('p1'));
  assert.equal(defaultWhen(command, byId, []), 'Book Room');
  assert.equal(defaultWhen(policy, byId, [{ id: 'k1', from: 'p1', to: 'c1' }]), '', 'only what leads into the policy counts');
  assert.equal(defaultWhen(policy, byId, [{ id: 'k0', from: 'a1', to: 'p1' }, { id: 'k1', from: 'e1', to: 'p1' }]), 'Room Booked');
});

test('drafts read back into the scenarios details carry', () => {
  const written = [
    { name: 'Books a free room', given: ['Deposit Paid'], when: 'Book Room', then: ['Room Booked'] },
    { name: 'Taken', when: 'Book Room', rejected: 'the room is taken' },
  ];
  assert.deepEqual(scenariosOf(draftsOf(written)), { scenarios: written, error: null });

  const drafts = draftsOf(written);
  drafts[0].given.push('  ');
  drafts[0].then.unshift(' Deposit Paid ');
  drafts[0].name = '  Books a free room ';
  // Switching to a rejection keeps the typed events in the draft but sends none of them.
  drafts[1].then = ['Room Booked'];
  drafts.push(blankDraft('Book Room'));
  assert.deepEqual(scenariosOf(drafts).scenarios, [
    { name: 'Books a free room', given: ['Deposit Paid'], when: 'Book Room', then: ['Deposit Paid', 'Room Booked'] },
    { name: 'Taken', when: 'Book Room', rejected: 'the room is taken' },
    { name: '', when: 'Book Room' },
  ]);
  drafts[1].rejects = false;
  assert.deepEqual(scenariosOf(drafts).scenarios[1], { name: 'Taken', when: 'Book Room', then: ['Room Booked'] });
});

test('a scenario without a When is not sent, and says which one it is', () => {
  const r = scenariosOf([blankDraft('Book Room'), { ...blankDraft(' '), name: 'Late' }]);
  assert.match(String(r.error), /Scenario “Late” needs a When/);
  assert.match(String(scenariosOf([blankDraft('')]).error), /^Scenario 1 needs a When/);
  const many = { ...blankDraft('Book Room'), given: Array(101).fill('Deposit Paid') };
  assert.match(String(scenariosOf([many]).error), /more than 100 given and then steps/);
});
