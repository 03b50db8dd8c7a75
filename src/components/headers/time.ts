// Times shown in UTC and in the viewer's own zone.

export function formatUtc(epoch: number): string {
  return `${new Date(epoch).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

const local = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

export function formatLocal(epoch: number): string {
  return local.format(new Date(epoch));
}
