import type { AddToDoNotCall } from '../../../../src/domain/number/number.commands.js';
import { numberDecider } from '../../../../src/domain/number/number.decider.js';
import { NotFoundError, ValidationError } from '../../../../src/domain/shared/errors.js';
import { deciderSpec } from '../../../support/given-when-then.js';
import { at, listed, PHONE, removed, T0 } from './number.fixtures.js';

const { given } = deciderSpec(numberDecider);

const addCommand = (overrides: Partial<AddToDoNotCall> = {}): AddToDoNotCall => ({
  type: 'AddToDoNotCall',
  phoneNumber: PHONE,
  reason: 'asked by phone',
  source: 'api',
  expiresAt: null,
  now: T0,
  ...overrides,
});

describe('number decider: the do-not-call list', () => {
  it('lists a number, with or without an expiry', () => {
    given([]).when(addCommand()).then([listed()]);
    given([]).when(addCommand({ source: 'csv', expiresAt: at(24) })).then([listed({ source: 'csv', expiresAt: at(24) })]);
  });

  it('changes nothing when the number is already listed as long or longer', () => {
    given([listed()]).when(addCommand({ reason: 'again' })).thenNothing();
    given([listed()]).when(addCommand({ expiresAt: at(24) })).thenNothing();
    given([listed({ expiresAt: at(48) })]).when(addCommand({ expiresAt: at(24) })).thenNothing();
  });

  it('extends an entry when the add protects longer', () => {
    given([listed({ expiresAt: at(24) })]).when(addCommand({ expiresAt: at(48) })).then([listed({ expiresAt: at(48) })]);
    given([listed({ expiresAt: at(24) })]).when(addCommand()).then([listed()]);
  });

  it('lists an expired or removed number again as a new entry', () => {
    given([listed({ expiresAt: at(1) })]).when(addCommand({ now: at(2) })).then([listed()]);
    given([listed(), removed]).when(addCommand()).then([listed()]);
  });

  it('rejects an empty reason and an expiry that is not in the future, naming the field', () => {
    given([]).when(addCommand({ reason: '  ' })).thenThrows(ValidationError, 'reason');
    given([]).when(addCommand({ expiresAt: T0 })).thenThrows(ValidationError, 'expiresAt');
    given([]).when(addCommand({ phoneNumber: '4155550123' })).thenThrows(ValidationError, 'phoneNumber');
  });

  it('records an opt-out for good, even over an operator entry that could later be removed', () => {
    const optedOut = listed({ reason: 'opted out during a call', source: 'opt_out', callId: 'call-7' });
    given([]).when({ type: 'RecordOptOut', phoneNumber: PHONE, callId: 'call-7', now: T0 }).then([optedOut]);
    given([listed({ expiresAt: at(24) })]).when({ type: 'RecordOptOut', phoneNumber: PHONE, callId: 'call-7', now: T0 }).then([optedOut]);
    given([optedOut]).when({ type: 'RecordOptOut', phoneNumber: PHONE, callId: 'call-8', now: T0 }).thenNothing();
  });

  it('removes a listed number; a number not listed (or expired) is not found', () => {
    given([listed()]).when({ type: 'RemoveFromDoNotCall', phoneNumber: PHONE, now: T0 }).then([removed]);
    given([]).when({ type: 'RemoveFromDoNotCall', phoneNumber: PHONE, now: T0 }).thenThrows(NotFoundError);
    given([listed({ expiresAt: at(1) })]).when({ type: 'RemoveFromDoNotCall', phoneNumber: PHONE, now: at(1) }).thenThrows(NotFoundError);
  });
});
