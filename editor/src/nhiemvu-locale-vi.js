// Bổ sung bản dịch tiếng Việt của Decap CMS (decap-cms-locales «vi» còn thiếu một số câu,
// ví dụ nút «Add %{item}» hiện thành «Add nhiệm vụ») và thống nhất từ ngữ với sổ theo dõi:
// «Xuất bản» là hợp nhất thay đổi vào nhánh chính của sổ (trang công khai được dựng lại sau đó).
//
// Vietnamese strings the `vi` locale of decap-cms-locales lacks, and the register's words for
// the workflow. `localePhrases(vi)` returns the full locale to register as `vi`;
// editor/test/locale.test.mjs checks that it has every key of the English locale.

export const missing = {
  auth: {
    loginWithAzure: 'Đăng nhập bằng Azure',
    loginWithForgejo: 'Đăng nhập bằng Forgejo',
  },
  collection: {
    collectionTop: {
      viewAsList: 'Xem dạng danh sách',
      viewAsGrid: 'Xem dạng lưới',
      groupBy: 'Nhóm theo',
    },
    entries: {
      unpublishedHeader: 'Chưa xuất bản',
    },
    groups: {
      other: 'Khác',
      negateLabel: 'Không %{label}',
    },
  },
  editor: {
    editorControl: {
      field: {
        widgetLabel: 'Trường %{widgetLabel}',
      },
    },
    editorControlPane: {
      i18n: {
        writingInLocale: 'Đang viết bằng %{locale}',
        copyFromLocale: 'Điền từ ngôn ngữ khác',
        copyFromLocaleConfirm:
          'Điền dữ liệu từ ngôn ngữ %{locale}?\nMọi nội dung đang có sẽ bị ghi đè.',
      },
    },
    editorInterface: {
      toggleI18n: 'Bật, tắt đa ngôn ngữ',
      togglePreview: 'Bật, tắt xem trước',
      toggleScrollSync: 'Cuộn đồng thời',
      toggleNotes: 'Bật, tắt ghi chú',
    },
    editorNotesPane: {
      title: 'Ghi chú',
      emptyState: 'Chưa có ghi chú. Thêm ghi chú đầu tiên ở dưới để trao đổi.',
      addNote: 'Thêm ghi chú',
      addPlaceholder: 'Thêm ghi chú...',
      editPlaceholder: 'Sửa ghi chú...',
      save: 'Lưu',
      cancel: 'Hủy',
      edit: 'Sửa',
      delete: 'Xóa',
      resolve: 'Đánh dấu đã xử lý',
      unresolve: 'Đánh dấu chưa xử lý',
      confirmDelete: 'Xóa ghi chú này?',
      shortcut: 'Mẹo: bấm Ctrl+Enter để thêm ghi chú nhanh',
    },
    editorToolbar: {
      statusInfoTooltipDraft:
        'Mục đang ở trạng thái bản nháp. Để gửi duyệt, chuyển trạng thái sang «Đang xét duyệt».',
      statusInfoTooltipInReview:
        'Mục đang được xét duyệt, không cần làm gì thêm. Bạn vẫn có thể sửa tiếp trong lúc chờ duyệt.',
    },
    editorWidgets: {
      markdown: {
        bold: 'Đậm',
        italic: 'Nghiêng',
        strikethrough: 'Gạch ngang',
        code: 'Mã',
        link: 'Liên kết',
        linkPrompt: 'Nhập địa chỉ của liên kết',
        headings: 'Tiêu đề',
        quote: 'Trích dẫn',
        bulletedList: 'Danh sách gạch đầu dòng',
        numberedList: 'Danh sách đánh số',
        addComponent: 'Thêm thành phần',
        toggleMode: {
          rich: 'Chuyển sang chế độ văn bản định dạng',
          markdown: 'Chuyển sang chế độ Markdown',
        },
      },
      image: {
        chooseMultiple: 'Chọn ảnh',
        chooseUrl: 'Chèn từ địa chỉ',
        replaceUrl: 'Thay bằng địa chỉ',
        promptUrl: 'Nhập địa chỉ của ảnh',
        addMore: 'Thêm ảnh',
        removeAll: 'Bỏ tất cả ảnh',
      },
      file: {
        chooseUrl: 'Chèn từ địa chỉ',
        chooseMultiple: 'Chọn tệp',
        replaceUrl: 'Thay bằng địa chỉ',
        promptUrl: 'Nhập địa chỉ của tệp',
        addMore: 'Thêm tệp',
        removeAll: 'Bỏ tất cả tệp',
      },
      datetime: {
        setToNow: 'Đặt %{fieldLabel} là hôm nay',
      },
      list: {
        add: 'Thêm %{item}',
        addType: 'Thêm %{item}',
      },
      object: {
        expand: 'Mở rộng',
        collapse: 'Thu gọn',
      },
    },
  },
  mediaLibrary: {
    mediaLibraryCard: {
      copy: 'Sao chép',
      copyUrl: 'Sao chép địa chỉ',
      copyPath: 'Sao chép đường dẫn',
      copyName: 'Sao chép tên',
      copied: 'Đã sao chép',
    },
    mediaLibraryModal: {
      close: 'Đóng',
    },
  },
  ui: {
    settingsDropdown: {
      account: 'Tài khoản',
    },
    toast: {
      noteAdded: 'Đã thêm ghi chú',
      onFailToAddNote: 'Không thêm được ghi chú: %{details}',
      noteUpdated: 'Đã sửa ghi chú',
      onFailToUpdateNote: 'Không sửa được ghi chú: %{details}',
      noteDeleted: 'Đã xóa ghi chú',
      onFailToDeleteNote: 'Không xóa được ghi chú: %{details}',
      noteResolved: 'Đã đánh dấu ghi chú đã xử lý',
      noteReopened: 'Đã mở lại ghi chú',
      onFailToToggleNote: 'Không đổi được trạng thái ghi chú: %{details}',
    },
  },
};

// The register's own words, over what the `vi` locale says.
export const wording = {
  collection: {
    collectionTop: {
      // «＋» (a full-width sign) is missing from many fonts
      newButton: 'Thêm %{collectionLabel}',
      newButtonAriaLabel: 'Thêm %{collectionLabel}',
    },
    entries: {
      noEntries: 'Chưa có mục nào ở đây. Văn bản, hồ sơ trình được xếp theo năm: chọn năm ở cột bên trái.',
    },
  },
  editor: {
    editorToolbar: {
      status: 'Trạng thái: %{status}',
      backCollection: ' Đang nhập trong mục %{collectionLabel}',
    },
    editor: {
      onPublishing: 'Xuất bản: hợp nhất thay đổi này vào sổ theo dõi (nhánh chính)?',
    },
  },
  ui: {
    toast: {
      onFailToPersist: 'Không lưu được: %{details}',
      entryPublished: 'Đã xuất bản: thay đổi đã được hợp nhất vào sổ theo dõi',
    },
  },
  workflow: {
    workflow: {
      newPost: 'Mục mới',
      // month names would come from an English calendar: numbers only
      dateFormat: 'DD/MM/YYYY',
      description:
        '%{smart_count} mục đang chờ duyệt, %{readyCount} mục sẵn sàng xuất bản. |||| %{smart_count} mục đang chờ duyệt, %{readyCount} mục sẵn sàng xuất bản.',
    },
    workflowCard: {
      deleteNewEntry: 'Xóa mục mới',
      publishNewEntry: 'Xuất bản mục mới',
    },
    workflowList: {
      onPublishingNotReadyEntry:
        'Chỉ mục ở cột «Sẵn sàng» mới xuất bản được. Hãy kéo thẻ sang cột «Sẵn sàng» trước.',
      onPublishEntry: 'Xuất bản: hợp nhất mục này vào sổ theo dõi (nhánh chính)?',
      currentEntries: '%{smart_count} mục |||| %{smart_count} mục',
    },
  },
};

function merge(base, extra) {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] =
      value && typeof value === 'object' && base && typeof base[key] === 'object'
        ? merge(base[key], value)
        : value;
  }
  return out;
}

// «công bố» → «xuất bản» everywhere: one word for merging into the register.
function reword(node) {
  if (typeof node === 'string') {
    return node.replace(/Công bố/g, 'Xuất bản').replace(/công bố/g, 'xuất bản').replace(/Xoá/g, 'Xóa').replace(/xoá/g, 'xóa');
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, reword(v)]));
  }
  return node;
}

/** The complete `vi` locale: Decap's, reworded, with the missing strings and our wording. */
export function localePhrases(vi) {
  return merge(merge(reword(vi || {}), missing), wording);
}
