/**
 * The size class (quy mô: siêu nhỏ, nhỏ, vừa, lớn) that exports show for each cooperative.
 *
 * Law 17/2023/QH15, Art. 16 sets the criteria — official members plus revenue OR total capital,
 * differing by sector — and leaves the thresholds to the Government (policy-facts 6.4a, VERIFIED).
 * The Government's thresholds (Decree 113/2024/NĐ-CP, Arts. 4–5) are known here only from secondary
 * sources, and only for agriculture and the "large" class of industry-construction (policy-facts
 * 6.4b, SECONDARY: the decree's text is not in shared/legal/). An officer's file is not to rest on
 * figures nobody has checked, so every row says "not determined" until the thresholds are verified
 * against the decree's text; then compute it here from the report's members, revenue and total
 * capital (total_assets), per sector.
 */
export const EXPORT_SIZE_CLASS = 'undetermined' as const;
