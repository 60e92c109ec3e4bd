import { DEMO } from '../../src/services/cooperatives/bind-demo-role.js';

/**
 * Vietnamese names for the demo province. Invented: any likeness to a real cooperative or person
 * is chance. Every generated cooperative and person lives in `DEMO.province`.
 */

/** The demo province's communes (two-level local government since 2025: province, then commune/ward). */
export const DEMO_COMMUNES: readonly string[] = [
  DEMO.commune,
  'Xã Tân Phú',
  'Xã Hòa Lợi',
  'Xã Phú Lộc',
  'Xã Vĩnh Hưng',
  'Xã Thạnh Mỹ',
  'Xã Đồng Tâm',
  'Phường Bình Minh',
];

/** How cooperatives spread over the communes (the demo commune is the largest). */
export const COMMUNE_WEIGHTS: readonly number[] = [18, 14, 13, 12, 12, 11, 10, 10];

/** Villages and hamlets a cooperative is named after. */
export const PLACES: readonly string[] = [
  'Tân Phú',
  'An Thịnh',
  'Hòa Bình',
  'Phú Lộc',
  'Đông Hòa',
  'Tân Lập',
  'Thạnh Phú',
  'Vĩnh Lợi',
  'Mỹ Hòa',
  'Bình Minh',
  'Tân Hưng',
  'An Phú',
  'Phước Lộc',
  'Hưng Thịnh',
  'Long Hải',
  'Thuận An',
  'Đồng Tiến',
  'Quyết Thắng',
  'Hợp Tiến',
  'Thống Nhất',
  'Kim Sơn',
  'Yên Bình',
  'Quang Trung',
  'Trung Hòa',
  'Hòa Lạc',
  'Đại Đồng',
  'Nghĩa Trung',
  'Tân Thành',
  'Phú Xuân',
  'Sơn Thủy',
  'Cẩm Hà',
  'Gia Hòa',
  'Hải An',
  'Lộc Thọ',
  'Thái Hòa',
  'Xuân Lộc',
  'Đức Thịnh',
  'Minh Tân',
  'Hoàng Long',
  'Tiến Thành',
  'Phú Mỹ',
  'Bình An',
  'Hòa Hiệp',
  'Vĩnh Phúc',
  'Thanh Xuân',
  'Đông Sơn',
  'Tây Hồ',
  'Nam Tiến',
  'Bắc Sơn',
  'Hạnh Phúc',
];

/** The sectors the app knows (labels in locales/<lang>/announcements.json, `announcements.sector`), with weights. */
export const SECTOR_WEIGHTS: readonly (readonly [string, number])[] = [
  ['agriculture', 40],
  ['fishery', 8],
  ['forestry', 5],
  ['industry', 5],
  ['handicraft', 6],
  ['construction', 3],
  ['trade', 7],
  ['services', 8],
  ['transport', 5],
  ['tourism', 3],
  ['credit', 4],
  ['environment', 3],
  ['housing', 1],
  ['other', 2],
];

/** Cooperative names by sector; `{p}` is a place. */
export const COOPERATIVE_NAMES: Record<string, readonly string[]> = {
  agriculture: [
    'HTX Nông nghiệp {p}',
    'HTX Dịch vụ Nông nghiệp {p}',
    'HTX Rau an toàn {p}',
    'HTX Chè {p}',
    'HTX Lúa gạo {p}',
    'HTX Cây ăn quả {p}',
    'HTX Chăn nuôi {p}',
    'HTX Nông nghiệp Công nghệ cao {p}',
    'HTX Nấm {p}',
    'HTX Cà phê {p}',
  ],
  fishery: ['HTX Thủy sản {p}', 'HTX Nuôi trồng Thủy sản {p}', 'HTX Khai thác Hải sản {p}'],
  forestry: ['HTX Lâm nghiệp {p}', 'HTX Trồng rừng {p}', 'HTX Lâm sản {p}'],
  industry: ['HTX Cơ khí {p}', 'HTX Chế biến Nông sản {p}', 'HTX Tiểu thủ công nghiệp {p}'],
  handicraft: ['HTX Mây tre đan {p}', 'HTX Thủ công Mỹ nghệ {p}', 'HTX Dệt thổ cẩm {p}', 'HTX Gốm {p}'],
  construction: ['HTX Xây dựng {p}'],
  trade: ['HTX Thương mại Dịch vụ {p}', 'HTX Thương mại {p}'],
  services: ['HTX Dịch vụ Tổng hợp {p}', 'HTX Dịch vụ Điện {p}', 'HTX Dịch vụ Nước sạch {p}'],
  transport: ['HTX Vận tải {p}', 'HTX Vận tải Hành khách {p}', 'HTX Xe khách {p}'],
  tourism: ['HTX Du lịch Cộng đồng {p}', 'HTX Du lịch Sinh thái {p}'],
  credit: ['Quỹ tín dụng nhân dân {p}'],
  environment: ['HTX Vệ sinh Môi trường {p}', 'HTX Môi trường {p}'],
  housing: ['HTX Nhà ở {p}'],
  other: ['HTX Dịch vụ {p}', 'HTX Đa ngành {p}'],
};

/** Cooperative groups (tổ hợp tác), with their sector. */
export const GROUP_NAMES: readonly (readonly [string, string])[] = [
  ['Tổ hợp tác trồng rau {p}', 'agriculture'],
  ['Tổ hợp tác nuôi ong {p}', 'agriculture'],
  ['Tổ hợp tác sản xuất nấm {p}', 'agriculture'],
  ['Tổ hợp tác nuôi tôm {p}', 'fishery'],
  ['Tổ hợp tác đan lát {p}', 'handicraft'],
  ['Tổ hợp tác làm hương {p}', 'handicraft'],
  ['Tổ hợp tác trồng rừng {p}', 'forestry'],
];

/** Unions of cooperatives (liên hiệp hợp tác xã), with their sector. */
export const UNION_NAMES: readonly (readonly [string, string])[] = [
  ['Liên hiệp HTX Nông nghiệp {p}', 'agriculture'],
  ['Liên hiệp HTX Thương mại Dịch vụ {p}', 'trade'],
  ['Liên hiệp HTX Thủy sản {p}', 'fishery'],
];

export const FAMILY_NAMES: readonly string[] = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
];
export const MIDDLE_NAMES: readonly string[] = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Thanh', 'Ngọc', 'Quang', 'Xuân', 'Thu', 'Kim', 'Công'];
export const GIVEN_NAMES: readonly string[] = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Hà',
  'Hải',
  'Hạnh',
  'Hoa',
  'Hùng',
  'Hương',
  'Lan',
  'Long',
  'Mai',
  'Minh',
  'Nam',
  'Nga',
  'Phúc',
  'Phương',
  'Quân',
  'Sơn',
  'Tâm',
  'Thảo',
  'Thắng',
  'Trang',
  'Tuấn',
  'Vinh',
  'Yến',
  'Khoa',
  'Lộc',
  'Đào',
];

/** Buyers and partners for "linked with an enterprise in a value chain". */
export const PARTNERS: readonly string[] = [
  'Công ty CP Thực phẩm Sao Việt',
  'Công ty TNHH Nông sản Xanh',
  'Siêu thị Co.opmart',
  'Công ty CP Chè Thái Bình Dương',
  'Công ty TNHH Xuất khẩu Hải Nam',
  'Công ty CP Phân bón Miền Bắc',
  'Công ty TNHH Thương mại Đại Phát',
  'Công ty CP Chế biến Thủy sản Biển Đông',
  'Tập đoàn Lộc Trời',
  'Công ty TNHH Du lịch Việt Xanh',
];

/** High technology in use. */
export const HIGH_TECH: readonly string[] = [
  'Tưới nhỏ giọt tự động',
  'Nhà màng, nhà lưới',
  'Truy xuất nguồn gốc bằng mã QR',
  'Cảm biến đo độ ẩm đất',
  'Máy bay không người lái phun thuốc',
  'Nuôi tôm trong nhà kính',
  'Kho lạnh bảo quản nông sản',
];

export const DIFFICULTIES: readonly string[] = [
  'Thiếu vốn lưu động, khó vay vì không có tài sản thế chấp.',
  'Giá vật tư đầu vào tăng, đầu ra chưa ổn định.',
  'Thiếu mặt bằng làm nhà sơ chế, kho bãi.',
  'Cán bộ quản lý chưa được đào tạo về kế toán.',
  'Thời tiết bất lợi, mưa lũ làm giảm sản lượng.',
  'Khó tìm doanh nghiệp bao tiêu sản phẩm.',
  'Thành viên ít tham gia sử dụng dịch vụ của HTX.',
];

/** An officer's comment when sending a report back. */
export const RETURN_COMMENTS: readonly string[] = [
  'Số thành viên chưa khớp với sổ đăng ký thành viên, đề nghị kiểm tra lại.',
  'Doanh thu khác nhiều so với báo cáo tài chính, đề nghị HTX rà soát.',
  'Đề nghị bổ sung tên doanh nghiệp liên kết cụ thể.',
  'Số cán bộ quản lý được đào tạo chưa đúng, đề nghị kiểm tra lại.',
];
