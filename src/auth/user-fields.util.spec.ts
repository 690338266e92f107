import { changesOf, describeUser, namesAnyField, UserFields } from './user-fields.util';

const focalPoint: UserFields = {
  name: 'Somchai P.',
  email: 'fp@ocsc.go.th',
  role: 'focal_point',
  memberCode: 'THA',
  language: 'th',
  active: true,
};

describe('user fields', () => {
  it('changes only the fields given that differ, under the API names', () => {
    const { next, changes, described } = changesOf(focalPoint, {
      name: 'Somchai Prasert',
      language: 'th',
      memberCode: undefined,
      active: false,
    });
    expect(changes).toEqual({ name: 'Somchai Prasert', active: false });
    expect(described).toEqual({
      name: { from: 'Somchai P.', to: 'Somchai Prasert' },
      active: { from: true, to: false },
    });
    expect(next).toEqual({ ...focalPoint, name: 'Somchai Prasert', active: false });
  });

  it('takes null as a value (it clears the member) and undefined as left out', () => {
    const { next, described } = changesOf(focalPoint, { role: 'observer', memberCode: null });
    expect(next).toMatchObject({ role: 'observer', memberCode: null });
    expect(described.member).toEqual({ from: 'THA', to: null });
    expect(namesAnyField({ memberCode: null })).toBe(true);
    expect(namesAnyField({ name: undefined })).toBe(false);
  });

  it('changes nothing when every field given is already so', () => {
    expect(changesOf(focalPoint, { ...focalPoint }).changes).toEqual({});
  });

  it('describes an account with the names the API uses', () => {
    expect(describeUser(focalPoint)).toEqual({
      name: 'Somchai P.',
      email: 'fp@ocsc.go.th',
      role: 'focal_point',
      member: 'THA',
      language: 'th',
      active: true,
    });
  });
});
