/** What `face.status` answers: the register's face index brought up to date, or how far it got. */
export interface CatchUpReport {
  indexed: number
  pending: number
  failed: number
}
